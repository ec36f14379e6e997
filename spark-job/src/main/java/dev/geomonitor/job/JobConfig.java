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
 * @param windowSizes event-time tumbling windows of the aggregates
 * @param watermarkDelay the per-series horizon: how far behind a series' own latest reading its readings are
 *     remembered (dedupe, corrections, predecessors) and its windows stay open; older readings are still published and
 *     alerted but counted as beyond the horizon (see docs/data-contracts.md); at least the largest window
 * @param jdbcUrl PostgreSQL JDBC url (unused when {@code sinkMode} is NOOP)
 * @param jdbcUser PostgreSQL user
 * @param jdbcPassword PostgreSQL password
 * @param triggerLevelsFile optional JSON file (any Hadoop path: local, s3://) of trigger levels overriding the defaults
 * @param mskIam whether Kafka is MSK with IAM authentication (SASL_SSL + AWS_MSK_IAM)
 * @param sinkMode REAL writes Kafka and PostgreSQL; NOOP computes each batch and discards it (benchmark baseline)
 * @param kafkaGroupId the Spark Kafka source's {@code kafka.group.id} (MSK IAM grants only a named group); empty:
 *     Spark generates one per query
 * @param dbSecretArn Secrets Manager secret (RDS JSON: username, password, host, port, dbname) holding the PostgreSQL
 *     credentials; when present they replace JDBC_USER/JDBC_PASSWORD (see {@link DatabaseSecret})
 * @param site the site configuration the validator applies (SITE_CRS, SITE_BOUNDS, SITE_EPOCH, FUTURE_TOLERANCE)
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
    SinkMode sinkMode,
    Optional<String> kafkaGroupId,
    Optional<String> dbSecretArn,
    ValidationPolicy site) {

  /** Default horizon: covers buffered uploads of a couple of hours at a state cost the local runner carries easily. */
  public static final Duration DEFAULT_HORIZON = Duration.ofHours(2);

  public enum SinkMode {
    REAL,
    NOOP
  }

  public JobConfig {
    require(bootstrapServers, "KAFKA_BOOTSTRAP_SERVERS");
    require(checkpointLocation, "CHECKPOINT_LOCATION");
    kafkaGroupId = kafkaGroupId == null ? Optional.empty() : kafkaGroupId;
    dbSecretArn = dbSecretArn == null ? Optional.empty() : dbSecretArn;
    // With a secret the URL may come from the secret's host/port/dbname (DatabaseSecret fills it in before start).
    if (sinkMode == SinkMode.REAL && dbSecretArn.isEmpty()) {
      require(jdbcUrl, "JDBC_URL");
    }
    if (windowSizes.isEmpty()) {
      throw new IllegalArgumentException("WINDOW_SIZES must name at least one window, e.g. PT1M,PT15M");
    }
    Duration largest = windowSizes.stream().max(Duration::compareTo).orElseThrow();
    if (watermarkDelay.compareTo(largest) < 0) {
      throw new IllegalArgumentException(
          "WATERMARK_DELAY " + watermarkDelay + " (the per-series horizon) is shorter than the largest window "
              + largest + ": a window would close before it could fill. Raise it (default " + DEFAULT_HORIZON + ").");
    }
    site = site == null ? ValidationPolicy.DEFAULT : site;
    if (maxOffsetsPerTrigger < 1 || shufflePartitions < 1) {
      throw new IllegalArgumentException("MAX_OFFSETS_PER_TRIGGER and SHUFFLE_PARTITIONS must be positive");
    }
    windowSizes = List.copyOf(windowSizes);
    triggerLevelsFile = triggerLevelsFile == null ? Optional.empty() : triggerLevelsFile;
  }

  /**
   * Reads the settings by name: KAFKA_BOOTSTRAP_SERVERS, TOPIC_RAW/READINGS/AGGREGATES/ALERTS/DLQ, STARTING_OFFSETS
   * (latest), CHECKPOINT_LOCATION, PIPELINE_VERSION (v1), TRIGGER_INTERVAL (PT0S), MAX_OFFSETS_PER_TRIGGER (100000),
   * SHUFFLE_PARTITIONS (4), WINDOW_SIZES (PT1M,PT15M), WATERMARK_DELAY (PT2H), JDBC_URL, JDBC_USER,
   * JDBC_PASSWORD, TRIGGER_LEVELS_FILE, KAFKA_MSK_IAM (false; the infra's aliases KAFKA_IAM_AUTH=true,
   * KAFKA_AUTH=AWS_MSK_IAM and KAFKA_SECURITY=iam also switch it on), SINK_MODE (real), KAFKA_GROUP_ID, DB_SECRET_ARN,
   * and the site: SITE_CRS, SITE_BOUNDS, SITE_EPOCH, FUTURE_TOLERANCE ({@link ValidationPolicy#fromSettings}).
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
        duration(s, "WATERMARK_DELAY", DEFAULT_HORIZON),
        s.get("JDBC_URL"),
        s.get("JDBC_USER"),
        s.get("JDBC_PASSWORD"),
        Optional.ofNullable(s.get("TRIGGER_LEVELS_FILE")).filter(f -> !f.isBlank()),
        mskIam(s),
        sinkMode(s.getOrDefault("SINK_MODE", "real")),
        optional(s, "KAFKA_GROUP_ID"),
        optional(s, "DB_SECRET_ARN"),
        ValidationPolicy.fromSettings(s));
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
        sinkMode, kafkaGroupId, dbSecretArn, site);
  }

  /** A copy with another sink mode (the benchmark runs the same job with both). */
  public JobConfig withSinkMode(SinkMode mode) {
    return new JobConfig(
        bootstrapServers, topics, startingOffsets, checkpointLocation, pipelineVersion, triggerInterval,
        maxOffsetsPerTrigger, shufflePartitions, windowSizes, watermarkDelay, jdbcUrl, jdbcUser, jdbcPassword,
        triggerLevelsFile, mskIam, mode, kafkaGroupId, dbSecretArn, site);
  }

  /** A copy with the PostgreSQL url and credentials read from the database secret. */
  public JobConfig withDatabase(String url, String user, String password) {
    return new JobConfig(
        bootstrapServers, topics, startingOffsets, checkpointLocation, pipelineVersion, triggerInterval,
        maxOffsetsPerTrigger, shufflePartitions, windowSizes, watermarkDelay, url, user, password, triggerLevelsFile,
        mskIam, sinkMode, kafkaGroupId, dbSecretArn, site);
  }

  /** The password is left out so the config can be logged. */
  @Override
  public String toString() {
    return "JobConfig[bootstrapServers=" + bootstrapServers + ", topics=" + topics + ", startingOffsets="
        + startingOffsets + ", checkpointLocation=" + checkpointLocation + ", pipelineVersion=" + pipelineVersion
        + ", triggerInterval=" + triggerInterval + ", maxOffsetsPerTrigger=" + maxOffsetsPerTrigger
        + ", shufflePartitions=" + shufflePartitions + ", windowSizes=" + windowSizes + ", watermarkDelay="
        + watermarkDelay + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser + ", triggerLevelsFile="
        + triggerLevelsFile + ", mskIam=" + mskIam + ", sinkMode=" + sinkMode + ", kafkaGroupId=" + kafkaGroupId
        + ", dbSecretArn=" + dbSecretArn + ", site=" + site + "]";
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

  private static Optional<String> optional(Map<String, String> s, String name) {
    return Optional.ofNullable(s.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  /**
   * MSK IAM is on when any of the names the infra sets asks for it. A value that is neither an IAM nor a plain setting
   * is refused rather than guessed, so a typo cannot silently fall back to an unauthenticated connection attempt.
   */
  private static boolean mskIam(Map<String, String> s) {
    boolean on = false;
    for (String name : List.of("KAFKA_MSK_IAM", "KAFKA_IAM_AUTH", "KAFKA_AUTH", "KAFKA_SECURITY")) {
      String value = optional(s, name).map(v -> v.toLowerCase(Locale.ROOT)).orElse("");
      switch (value) {
        case "true", "iam", "aws_msk_iam", "msk_iam" -> on = true;
        case "", "false", "none", "plaintext" -> { }
        default -> throw new IllegalArgumentException(
            name + " '" + s.get(name) + "' is not understood: use true/false (KAFKA_MSK_IAM, KAFKA_IAM_AUTH),"
                + " AWS_MSK_IAM/none (KAFKA_AUTH) or iam/plaintext (KAFKA_SECURITY)");
      }
    }
    return on;
  }

  private static SinkMode sinkMode(String text) {
    try {
      return SinkMode.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SINK_MODE '" + text + "' must be real or noop", e);
    }
  }
}
