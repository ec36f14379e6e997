package dev.geomonitor.job;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.domain.ValidationPolicy;
import dev.geomonitor.platform.kafka.KafkaAuth;
import dev.geomonitor.platform.kafka.KafkaConnection;
import dev.geomonitor.platform.settings.Setting;
import dev.geomonitor.platform.settings.SettingTypes;
import dev.geomonitor.platform.settings.SettingValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the job needs, read once per process from the environment and the command line (the
 * settings declared in {@link #SETTINGS}) and passed down. Immutable; built by {@link #builder()},
 * which validates.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topics raw input, outputs and dead-letter topic names
 * @param startingOffsets where the raw query starts on its first run: {@code earliest}, {@code
 *     latest} or Spark's JSON
 * @param checkpointLocation a directory (local, HDFS or S3) under which each query keeps its own
 *     checkpoint
 * @param pipelineVersion the version written into every output record and the PostgreSQL schema
 *     used
 * @param triggerInterval micro-batch interval; zero means "as fast as possible"
 * @param maxOffsetsPerTrigger bound on records per micro-batch (which also bounds what foreachBatch
 *     collects)
 * @param shufflePartitions {@code spark.sql.shuffle.partitions}; frozen into the checkpoint at the
 *     first start
 * @param windowSizes event-time tumbling windows of the aggregates
 * @param watermarkDelay the per-series horizon: how far behind a series' own latest reading its
 *     readings are remembered (dedupe, corrections, predecessors) and its windows stay open; older
 *     readings are still published and alerted but counted as beyond the horizon (see
 *     docs/data-contracts.md); at least the largest window
 * @param jdbcUrl PostgreSQL JDBC url (unused when {@code sinkMode} is NOOP)
 * @param jdbcUser PostgreSQL user
 * @param jdbcPassword PostgreSQL password
 * @param triggerLevelsFile optional JSON file (any Hadoop path: local, s3://) of trigger levels
 *     overriding the defaults: version 0 of the review levels
 * @param levelsReloadInterval how old the loaded review level versions may be when a batch starts
 *     (the job reloads {@code monitoring.trigger_level_versions} at the next batch after it)
 * @param mskIam whether Kafka is MSK with IAM authentication ({@code KAFKA_AUTH=iam}: SASL_SSL +
 *     AWS_MSK_IAM)
 * @param sinkMode REAL writes Kafka and PostgreSQL; NOOP computes each batch and discards it
 *     (benchmark baseline)
 * @param kafkaGroupId the Spark Kafka source's {@code kafka.group.id} (MSK IAM grants only a named
 *     group); empty: Spark generates one per query
 * @param dbSecretArn Secrets Manager secret (RDS JSON: username, password, host, port, dbname)
 *     holding the PostgreSQL credentials; when present they replace JDBC_USER/JDBC_PASSWORD (see
 *     {@link DatabaseSecret})
 * @param site the site configuration the validator applies (SITE_CRS, SITE_BOUNDS, SITE_EPOCH,
 *     FUTURE_TOLERANCE)
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
    Duration levelsReloadInterval,
    boolean mskIam,
    SinkMode sinkMode,
    Optional<String> kafkaGroupId,
    Optional<String> dbSecretArn,
    ValidationPolicy site) {

  /**
   * Default horizon: covers buffered uploads of a couple of hours at a state cost the local runner
   * carries easily.
   */
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
    // With a secret the URL may come from the secret's host/port/dbname (DatabaseSecret fills it in
    // before start).
    if (sinkMode == SinkMode.REAL && dbSecretArn.isEmpty()) {
      require(jdbcUrl, "JDBC_URL");
    }
    if (windowSizes.isEmpty()) {
      throw new IllegalArgumentException(
          "WINDOW_SIZES must name at least one window, e.g. PT1M,PT15M");
    }
    Duration largest = windowSizes.stream().max(Duration::compareTo).orElseThrow();
    if (watermarkDelay.compareTo(largest) < 0) {
      throw new IllegalArgumentException(
          "WATERMARK_DELAY "
              + watermarkDelay
              + " (the per-series horizon) is shorter than the largest window "
              + largest
              + ": a window would close before it could fill. Raise it (default "
              + DEFAULT_HORIZON
              + ").");
    }
    site = site == null ? ValidationPolicy.DEFAULT : site;
    if (maxOffsetsPerTrigger < 1 || shufflePartitions < 1) {
      throw new IllegalArgumentException(
          "MAX_OFFSETS_PER_TRIGGER and SHUFFLE_PARTITIONS must be positive");
    }
    windowSizes = List.copyOf(windowSizes);
    triggerLevelsFile = triggerLevelsFile == null ? Optional.empty() : triggerLevelsFile;
    levelsReloadInterval =
        levelsReloadInterval == null ? DEFAULT_LEVELS_RELOAD_INTERVAL : levelsReloadInterval;
    if (levelsReloadInterval.isNegative() || levelsReloadInterval.isZero()) {
      throw new IllegalArgumentException(
          "LEVELS_RELOAD_INTERVAL must be positive, got " + levelsReloadInterval);
    }
  }

  /** Far below the database's default grace (15 minutes) minus the default future tolerance. */
  public static final Duration DEFAULT_LEVELS_RELOAD_INTERVAL = Duration.ofMinutes(1);

  public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS =
      KafkaConnection.bootstrapServersSetting(null);
  public static final Setting<String> STARTING_OFFSETS =
      Setting.of(
          "STARTING_OFFSETS",
          SettingTypes.TEXT,
          "latest",
          "where the raw query starts on its first run: `earliest`, `latest` or Spark's JSON offsets");
  public static final Setting<String> CHECKPOINT_LOCATION =
      Setting.required(
          "CHECKPOINT_LOCATION",
          SettingTypes.TEXT,
          "directory (local, HDFS, S3) under which each query keeps its checkpoint");
  public static final Setting<PipelineVersion> PIPELINE_VERSION =
      PipelineVersion.setting(
          "the version written into every output record, and the PostgreSQL schema used");
  public static final Setting<Duration> TRIGGER_INTERVAL =
      Setting.of(
          "TRIGGER_INTERVAL",
          SettingTypes.DURATION,
          "PT0S",
          "micro-batch interval; `PT0S` = as fast as possible");
  public static final Setting<Long> MAX_OFFSETS_PER_TRIGGER =
      Setting.of(
              "MAX_OFFSETS_PER_TRIGGER",
              SettingTypes.WHOLE_NUMBER,
              "100000",
              "raw records one micro-batch takes at most; bounded by the executors, not the driver (records stay on them)")
          .in("records");
  public static final Setting<Long> SHUFFLE_PARTITIONS =
      Setting.of(
          "SHUFFLE_PARTITIONS",
          SettingTypes.WHOLE_NUMBER,
          "4",
          "`spark.sql.shuffle.partitions` = output partitions = write transactions per batch; frozen into the checkpoint"
              + " at its first start; see the sizing rule");
  public static final Setting<List<Duration>> WINDOW_SIZES =
      Setting.of(
          "WINDOW_SIZES",
          SettingTypes.DURATION_LIST,
          "PT1M,PT15M",
          "tumbling windows of the aggregates");
  public static final Setting<Duration> WATERMARK_DELAY =
      Setting.of(
          "WATERMARK_DELAY",
          SettingTypes.DURATION,
          DEFAULT_HORIZON.toString(),
          "the per-series horizon: how far behind a series' own latest reading its readings are remembered (dedupe,"
              + " corrections) and its windows stay open; older readings are still published and alerted; at least"
              + " the largest window");
  public static final Setting<String> JDBC_URL =
      Setting.optional(
          "JDBC_URL",
          SettingTypes.TEXT,
          "PostgreSQL JDBC url; required with `SINK_MODE=real` unless `DB_SECRET_ARN` is set");
  public static final Setting<String> JDBC_USER =
      Setting.optional("JDBC_USER", SettingTypes.TEXT, "PostgreSQL user");
  public static final Setting<String> JDBC_PASSWORD =
      Setting.optional("JDBC_PASSWORD", SettingTypes.TEXT, "PostgreSQL password (never logged)");
  public static final Setting<String> TRIGGER_LEVELS_FILE =
      Setting.optional(
          "TRIGGER_LEVELS_FILE",
          SettingTypes.TEXT,
          "JSON trigger levels (a path or an `s3://` URI) overriding the built-in defaults");
  public static final Setting<Duration> LEVELS_RELOAD_INTERVAL =
      Setting.of(
          "LEVELS_RELOAD_INTERVAL",
          SettingTypes.DURATION,
          DEFAULT_LEVELS_RELOAD_INTERVAL.toString(),
          "how old the review level versions (`monitoring.trigger_level_versions`) may be when a batch starts; older,"
              + " the batch reloads them first and waits until it can; must stay below the database's grace minus"
              + " `FUTURE_TOLERANCE`");
  public static final Setting<SinkMode> SINK_MODE =
      Setting.of(
          "SINK_MODE",
          SettingTypes.choice(SinkMode.class),
          "real",
          "`real` writes Kafka and PostgreSQL; `noop` computes each batch and discards it (benchmark baseline)");
  public static final Setting<String> KAFKA_GROUP_ID =
      Setting.optional(
          "KAFKA_GROUP_ID",
          SettingTypes.TEXT,
          "the Kafka source's `kafka.group.id` (MSK IAM grants only a named group); unset: Spark generates one");
  public static final Setting<String> DB_SECRET_ARN =
      Setting.optional(
          "DB_SECRET_ARN",
          SettingTypes.TEXT,
          "Secrets Manager secret (RDS JSON) whose credentials and address replace the JDBC settings");

  /** Every setting the job reads, in the order of the README's table. */
  public static final List<Setting<?>> SETTINGS = settings();

  private static List<Setting<?>> settings() {
    List<Setting<?>> all =
        new ArrayList<>(List.of(KAFKA_BOOTSTRAP_SERVERS, KafkaConnection.AUTH, KAFKA_GROUP_ID));
    all.addAll(Topics.SETTINGS);
    all.addAll(
        List.of(
            STARTING_OFFSETS,
            CHECKPOINT_LOCATION,
            PIPELINE_VERSION,
            TRIGGER_INTERVAL,
            MAX_OFFSETS_PER_TRIGGER,
            SHUFFLE_PARTITIONS,
            WINDOW_SIZES,
            WATERMARK_DELAY,
            JDBC_URL,
            JDBC_USER,
            JDBC_PASSWORD,
            DB_SECRET_ARN,
            TRIGGER_LEVELS_FILE,
            LEVELS_RELOAD_INTERVAL,
            SINK_MODE));
    all.addAll(ValidationPolicy.SETTINGS);
    all.addAll(List.of(FaultPoint.FAULT_HALT_AT, FaultPoint.FAULT_MARKER));
    return List.copyOf(all);
  }

  /** Reads the settings by name (see {@link #SETTINGS} and the module README's table). */
  public static JobConfig fromSettings(Map<String, String> s) {
    return from(SettingValues.of(s));
  }

  /**
   * The environment, overridden by command-line arguments {@code --name=value} or {@code
   * NAME=value} (EMR's entryPointArguments), where {@code --kafka-bootstrap-servers} means
   * KAFKA_BOOTSTRAP_SERVERS.
   */
  public static JobConfig fromArgsAndEnv(String[] args, Map<String, String> env) {
    return from(SettingValues.of(env).withArguments(args));
  }

  public static JobConfig from(SettingValues s) {
    return builder()
        .bootstrapServers(s.text(KAFKA_BOOTSTRAP_SERVERS.key()))
        .topics(Topics.from(s))
        .startingOffsets(s.get(STARTING_OFFSETS))
        .checkpointLocation(s.text(CHECKPOINT_LOCATION.key()))
        .pipelineVersion(s.get(PIPELINE_VERSION))
        .triggerInterval(s.get(TRIGGER_INTERVAL))
        .maxOffsetsPerTrigger(s.get(MAX_OFFSETS_PER_TRIGGER))
        .shufflePartitions(s.get(SHUFFLE_PARTITIONS).intValue())
        .windowSizes(s.get(WINDOW_SIZES))
        .watermarkDelay(s.get(WATERMARK_DELAY))
        .jdbcUrl(s.get(JDBC_URL))
        .jdbcUser(s.get(JDBC_USER))
        .jdbcPassword(s.get(JDBC_PASSWORD))
        .triggerLevelsFile(s.optional(TRIGGER_LEVELS_FILE))
        .levelsReloadInterval(s.get(LEVELS_RELOAD_INTERVAL))
        .kafkaAuth(s.get(KafkaConnection.AUTH))
        .sinkMode(s.get(SINK_MODE))
        .kafkaGroupId(s.optional(KAFKA_GROUP_ID))
        .dbSecretArn(s.optional(DB_SECRET_ARN))
        .site(ValidationPolicy.from(s))
        .build();
  }

  /** The Kafka connection of this job (bootstrap servers and {@code KAFKA_AUTH}). */
  public KafkaConnection kafkaConnection() {
    return new KafkaConnection(bootstrapServers, mskIam ? KafkaAuth.IAM : KafkaAuth.NONE, null);
  }

  /** A copy reading from a different checkpoint (tests and reprocessing runs). */
  public JobConfig withCheckpointLocation(String location) {
    return toBuilder().checkpointLocation(location).build();
  }

  /** A copy with another sink mode (the benchmark runs the same job with both). */
  public JobConfig withSinkMode(SinkMode mode) {
    return toBuilder().sinkMode(mode).build();
  }

  /** A copy with the PostgreSQL url and credentials read from the database secret. */
  public JobConfig withDatabase(String url, String user, String password) {
    return toBuilder().jdbcUrl(url).jdbcUser(user).jdbcPassword(password).build();
  }

  /**
   * A builder with the declared defaults; {@link Builder#build()} validates like the settings
   * reader.
   */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .bootstrapServers(bootstrapServers)
        .topics(topics)
        .startingOffsets(startingOffsets)
        .checkpointLocation(checkpointLocation)
        .pipelineVersion(pipelineVersion)
        .triggerInterval(triggerInterval)
        .maxOffsetsPerTrigger(maxOffsetsPerTrigger)
        .shufflePartitions(shufflePartitions)
        .windowSizes(windowSizes)
        .watermarkDelay(watermarkDelay)
        .jdbcUrl(jdbcUrl)
        .jdbcUser(jdbcUser)
        .jdbcPassword(jdbcPassword)
        .triggerLevelsFile(triggerLevelsFile)
        .levelsReloadInterval(levelsReloadInterval)
        .kafkaAuth(mskIam ? KafkaAuth.IAM : KafkaAuth.NONE)
        .sinkMode(sinkMode)
        .kafkaGroupId(kafkaGroupId)
        .dbSecretArn(dbSecretArn)
        .site(site);
  }

  /**
   * Named steps instead of eighteen positional arguments; unset values take the declared defaults.
   */
  public static final class Builder {
    private String bootstrapServers;
    private Topics topics = Topics.DEFAULT;
    private String startingOffsets = STARTING_OFFSETS.defaultValue();
    private String checkpointLocation;
    private PipelineVersion pipelineVersion = PIPELINE_VERSION.defaultValue();
    private Duration triggerInterval = TRIGGER_INTERVAL.defaultValue();
    private long maxOffsetsPerTrigger = MAX_OFFSETS_PER_TRIGGER.defaultValue();
    private int shufflePartitions = SHUFFLE_PARTITIONS.defaultValue().intValue();
    private List<Duration> windowSizes = WINDOW_SIZES.defaultValue();
    private Duration watermarkDelay = WATERMARK_DELAY.defaultValue();
    private String jdbcUrl;
    private String jdbcUser;
    private String jdbcPassword;
    private Optional<String> triggerLevelsFile = Optional.empty();
    private Duration levelsReloadInterval = DEFAULT_LEVELS_RELOAD_INTERVAL;
    private KafkaAuth kafkaAuth = KafkaAuth.NONE;
    private SinkMode sinkMode = SinkMode.REAL;
    private Optional<String> kafkaGroupId = Optional.empty();
    private Optional<String> dbSecretArn = Optional.empty();
    private ValidationPolicy site = ValidationPolicy.DEFAULT;

    private Builder() {}

    public Builder bootstrapServers(String value) {
      bootstrapServers = value;
      return this;
    }

    public Builder topics(Topics value) {
      topics = value;
      return this;
    }

    public Builder startingOffsets(String value) {
      startingOffsets = value;
      return this;
    }

    public Builder checkpointLocation(String value) {
      checkpointLocation = value;
      return this;
    }

    public Builder pipelineVersion(PipelineVersion value) {
      pipelineVersion = value;
      return this;
    }

    public Builder triggerInterval(Duration value) {
      triggerInterval = value;
      return this;
    }

    public Builder maxOffsetsPerTrigger(long value) {
      maxOffsetsPerTrigger = value;
      return this;
    }

    public Builder shufflePartitions(int value) {
      shufflePartitions = value;
      return this;
    }

    public Builder windowSizes(List<Duration> value) {
      windowSizes = value;
      return this;
    }

    public Builder watermarkDelay(Duration value) {
      watermarkDelay = value;
      return this;
    }

    public Builder jdbcUrl(String value) {
      jdbcUrl = value;
      return this;
    }

    public Builder jdbcUser(String value) {
      jdbcUser = value;
      return this;
    }

    public Builder jdbcPassword(String value) {
      jdbcPassword = value;
      return this;
    }

    public Builder triggerLevelsFile(Optional<String> value) {
      triggerLevelsFile = value;
      return this;
    }

    public Builder levelsReloadInterval(Duration value) {
      levelsReloadInterval = value;
      return this;
    }

    public Builder kafkaAuth(KafkaAuth value) {
      kafkaAuth = value;
      return this;
    }

    public Builder sinkMode(SinkMode value) {
      sinkMode = value;
      return this;
    }

    public Builder kafkaGroupId(Optional<String> value) {
      kafkaGroupId = value;
      return this;
    }

    public Builder dbSecretArn(Optional<String> value) {
      dbSecretArn = value;
      return this;
    }

    public Builder site(ValidationPolicy value) {
      site = value;
      return this;
    }

    /** The config, validated (the messages name the settings). */
    public JobConfig build() {
      return new JobConfig(
          bootstrapServers,
          topics,
          startingOffsets,
          checkpointLocation,
          pipelineVersion,
          triggerInterval,
          maxOffsetsPerTrigger,
          shufflePartitions,
          windowSizes,
          watermarkDelay,
          jdbcUrl,
          jdbcUser,
          jdbcPassword,
          triggerLevelsFile,
          levelsReloadInterval,
          kafkaAuth == KafkaAuth.IAM,
          sinkMode,
          kafkaGroupId,
          dbSecretArn,
          site);
    }
  }

  /** The password is left out so the config can be logged. */
  @Override
  public String toString() {
    return "JobConfig[bootstrapServers="
        + bootstrapServers
        + ", topics="
        + topics
        + ", startingOffsets="
        + startingOffsets
        + ", checkpointLocation="
        + checkpointLocation
        + ", pipelineVersion="
        + pipelineVersion
        + ", triggerInterval="
        + triggerInterval
        + ", maxOffsetsPerTrigger="
        + maxOffsetsPerTrigger
        + ", shufflePartitions="
        + shufflePartitions
        + ", windowSizes="
        + windowSizes
        + ", watermarkDelay="
        + watermarkDelay
        + ", jdbcUrl="
        + jdbcUrl
        + ", jdbcUser="
        + jdbcUser
        + ", triggerLevelsFile="
        + triggerLevelsFile
        + ", levelsReloadInterval="
        + levelsReloadInterval
        + ", mskIam="
        + mskIam
        + ", sinkMode="
        + sinkMode
        + ", kafkaGroupId="
        + kafkaGroupId
        + ", dbSecretArn="
        + dbSecretArn
        + ", site="
        + site
        + "]";
  }

  private static void require(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          name
              + " is required (environment variable or --"
              + name.toLowerCase(Locale.ROOT).replace('_', '-')
              + "=...)");
    }
  }
}
