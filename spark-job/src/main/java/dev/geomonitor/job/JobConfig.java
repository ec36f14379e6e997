package dev.geomonitor.job;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.domain.ValidationPolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the job needs, read once per process from the environment and the command line (see {@link #fromSettings}
 * for the names) and passed down. Immutable.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topics raw input, outputs and dead-letter topic names
 * @param startingOffsets where the raw query starts on its first run: {@code earliest}, {@code latest} or Spark's JSON
 * @param checkpointLocation a directory (local, HDFS or S3) under which each query keeps its own checkpoint
 * @param pipelineVersion the version written into every output record and the PostgreSQL schema used
 * @param triggerInterval micro-batch interval; zero means "as fast as possible"
 * @param maxOffsetsPerTrigger bound on records per micro-batch (which also bounds what foreachBatch collects)
 * @param shufflePartitions {@code spark.sql.shuffle.partitions}; frozen into the checkpoint at the first start
 * @param windowSizes event-time tumbling windows of the aggregates (one streaming query each)
 * @param watermarkDelay event-time watermark delay; at least {@link ValidationPolicy#minimumWatermarkDelay()}
 * @param jdbcUrl PostgreSQL JDBC url (unused when {@code sinkMode} is NOOP)
 * @param jdbcUser PostgreSQL user
 * @param jdbcPassword PostgreSQL password
 * @param triggerLevelsFile optional JSON file (any Hadoop path: local, s3://) of trigger levels overriding the defaults
 * @param mskIam whether Kafka is MSK with IAM authentication (SASL_SSL + AWS_MSK_IAM)
 * @param sinkMode REAL writes Kafka and PostgreSQL; NOOP computes each batch and discards it (benchmark baseline)
 */
public record JobConfig(
    String bootstrapServers,
    Topics topics,
    String startingOffsets,
    String checkpointLocation,
    PipelineVersion pipelineVersion,
    Duration triggerInterval,
    long maxOffsetsPerTrigger,
    int shufflePartitions,
    List<Duration> windowSizes,
    Duration watermarkDelay,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    Optional<String> triggerLevelsFile,
    boolean mskIam,
    SinkMode sinkMode) {

  public enum SinkMode {
    REAL,
    NOOP
  }

  public JobConfig {
    require(bootstrapServers, "KAFKA_BOOTSTRAP_SERVERS");
    require(checkpointLocation, "CHECKPOINT_LOCATION");
    if (sinkMode == SinkMode.REAL) {
      require(jdbcUrl, "JDBC_URL");
    }
    if (windowSizes.isEmpty()) {
      throw new IllegalArgumentException("WINDOW_SIZES must name at least one window, e.g. PT1M,PT15M");
    }
    Duration minimum = ValidationPolicy.DEFAULT.minimumWatermarkDelay();
    if (watermarkDelay.compareTo(minimum) < 0) {
      throw new IllegalArgumentException(
          "WATERMARK_DELAY " + watermarkDelay + " is shorter than " + minimum
              + " (validator lateness + future tolerance + 1 min): readings the validator accepts could be dropped"
              + " unseen by the watermark. Raise it.");
    }
    if (maxOffsetsPerTrigger < 1 || shufflePartitions < 1) {
      throw new IllegalArgumentException("MAX_OFFSETS_PER_TRIGGER and SHUFFLE_PARTITIONS must be positive");
    }
    windowSizes = List.copyOf(windowSizes);
    triggerLevelsFile = triggerLevelsFile == null ? Optional.empty() : triggerLevelsFile;
  }

  /**
   * Reads the settings by name: KAFKA_BOOTSTRAP_SERVERS, TOPIC_RAW/READINGS/AGGREGATES/ALERTS/DLQ, STARTING_OFFSETS
   * (latest), CHECKPOINT_LOCATION, PIPELINE_VERSION (v1), TRIGGER_INTERVAL (PT0S), MAX_OFFSETS_PER_TRIGGER (100000),
   * SHUFFLE_PARTITIONS (4), WINDOW_SIZES (PT1M,PT15M), WATERMARK_DELAY (policy minimum), JDBC_URL, JDBC_USER,
   * JDBC_PASSWORD, TRIGGER_LEVELS_FILE, KAFKA_MSK_IAM (false), SINK_MODE (real).
   */
  public static JobConfig fromSettings(Map<String, String> s) {
    return new JobConfig(
        s.get("KAFKA_BOOTSTRAP_SERVERS"),
        Topics.fromSettings(s),
        s.getOrDefault("STARTING_OFFSETS", "latest"),
        s.get("CHECKPOINT_LOCATION"),
        PipelineVersion.parse(s.getOrDefault("PIPELINE_VERSION", "v1")),
        duration(s, "TRIGGER_INTERVAL", Duration.ZERO),
        number(s, "MAX_OFFSETS_PER_TRIGGER", 100_000),
        (int) number(s, "SHUFFLE_PARTITIONS", 4),
        durations(s.getOrDefault("WINDOW_SIZES", "PT1M,PT15M")),
        duration(s, "WATERMARK_DELAY", ValidationPolicy.DEFAULT.minimumWatermarkDelay()),
        s.get("JDBC_URL"),
        s.get("JDBC_USER"),
        s.get("JDBC_PASSWORD"),
        Optional.ofNullable(s.get("TRIGGER_LEVELS_FILE")).filter(f -> !f.isBlank()),
        Boolean.parseBoolean(s.getOrDefault("KAFKA_MSK_IAM", "false")),
        sinkMode(s.getOrDefault("SINK_MODE", "real")));
  }

  /**
   * The environment, overridden by command-line arguments {@code --name=value} or {@code NAME=value} (EMR's
   * entryPointArguments), where {@code --kafka-bootstrap-servers} means KAFKA_BOOTSTRAP_SERVERS.
   */
  public static JobConfig fromArgsAndEnv(String[] args, Map<String, String> env) {
    Map<String, String> settings = new HashMap<>(env);
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException(
            "argument '" + arg + "' is not of the form --name=value or NAME=value (e.g. --checkpoint-location=/tmp/cp)");
      }
      String name = arg.substring(0, eq);
      if (name.startsWith("--")) {
        name = name.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
      }
      settings.put(name, arg.substring(eq + 1));
    }
    return fromSettings(settings);
  }

  /** A copy reading from a different checkpoint (tests and reprocessing runs). */
  public JobConfig withCheckpointLocation(String location) {
    return new JobConfig(
        bootstrapServers, topics, startingOffsets, location, pipelineVersion, triggerInterval, maxOffsetsPerTrigger,
        shufflePartitions, windowSizes, watermarkDelay, jdbcUrl, jdbcUser, jdbcPassword, triggerLevelsFile, mskIam,
        sinkMode);
  }

  /** A copy with another sink mode (the benchmark runs the same job with both). */
  public JobConfig withSinkMode(SinkMode mode) {
    return new JobConfig(
        bootstrapServers, topics, startingOffsets, checkpointLocation, pipelineVersion, triggerInterval,
        maxOffsetsPerTrigger, shufflePartitions, windowSizes, watermarkDelay, jdbcUrl, jdbcUser, jdbcPassword,
        triggerLevelsFile, mskIam, mode);
  }

  /** The password is left out so the config can be logged. */
  @Override
  public String toString() {
    return "JobConfig[bootstrapServers=" + bootstrapServers + ", topics=" + topics + ", startingOffsets="
        + startingOffsets + ", checkpointLocation=" + checkpointLocation + ", pipelineVersion=" + pipelineVersion
        + ", triggerInterval=" + triggerInterval + ", maxOffsetsPerTrigger=" + maxOffsetsPerTrigger
        + ", shufflePartitions=" + shufflePartitions + ", windowSizes=" + windowSizes + ", watermarkDelay="
        + watermarkDelay + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser + ", triggerLevelsFile="
        + triggerLevelsFile + ", mskIam=" + mskIam + ", sinkMode=" + sinkMode + "]";
  }

  private static void require(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required (environment variable or --" + name.toLowerCase(
          Locale.ROOT).replace('_', '-') + "=...)");
    }
  }

  private static Duration duration(Map<String, String> s, String name, Duration fallback) {
    String text = s.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    return parseDuration(name, text);
  }

  private static List<Duration> durations(String text) {
    List<Duration> out = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        out.add(parseDuration("WINDOW_SIZES", part.strip()));
      }
    }
    return out;
  }

  private static Duration parseDuration(String name, String text) {
    try {
      return Duration.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " '" + text + "' is not an ISO-8601 duration (e.g. PT1M, PT15M, PT0S)", e);
    }
  }

  private static long number(Map<String, String> s, String name, long fallback) {
    String text = s.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + text + "' is not a whole number", e);
    }
  }

  private static SinkMode sinkMode(String text) {
    try {
      return SinkMode.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SINK_MODE '" + text + "' must be real or noop", e);
    }
  }
}
