package dev.geomonitor.infra;

import java.util.List;

/**
 * Everything that differs between environments, as one immutable value built by {@link
 * InfraConfigReader}. Every size knob is a field so that scaling an environment is a configuration
 * change, never a code change.
 */
public record InfraConfig(
    String envName,
    String stackName,
    String account,
    String region,
    Network network,
    Kafka kafka,
    Spark spark,
    Site site,
    Database database,
    Search search,
    Functions functions,
    Artifacts artifacts,
    Access access,
    Operations operations,
    Alarms alarms) {

  /**
   * VPC shape. Zero NAT gateways makes every private subnet isolated; AWS APIs are then reached
   * through endpoints.
   */
  public record Network(
      List<String> availabilityZones,
      int natGateways,
      List<String> interfaceEndpoints,
      int flowLogRetentionDays) {}

  public enum KafkaMode {
    SERVERLESS,
    PROVISIONED
  }

  /**
   * Kafka cluster and topics. Retention -1 keeps records forever (the raw topic is the Kappa log).
   * {@code partitions} is each output topic's count (readings, aggregates, alerts); the raw and DLQ
   * topics have their own.
   */
  public record Kafka(
      KafkaMode mode,
      int brokerCount,
      String instanceType,
      int volumeGb,
      int maxVolumeGb,
      String version,
      int partitions,
      int rawPartitions,
      int dlqPartitions,
      int replicationFactor,
      long rawRetentionMs,
      int outputRetentionHours,
      int dlqRetentionHours,
      TopicNames topics) {

    /** Partitions of all topics together (what MSK Serverless bills per partition-hour). */
    public int totalPartitions() {
      return rawPartitions + 3 * partitions + dlqPartitions;
    }
  }

  /** Topic names; defaults equal the domain module's {@code Topics.DEFAULT}. */
  public record TopicNames(
      String raw, String readings, String aggregates, String alerts, String dlq) {
    public List<String> outputs() {
      return List.of(readings, aggregates, alerts);
    }

    public List<String> all() {
      return List.of(raw, readings, aggregates, alerts, dlq);
    }
  }

  public enum CpuArchitecture {
    X86_64,
    ARM64
  }

  /**
   * EMR Serverless application and the streaming job. Worker sizes and the application's maximum
   * capacity use EMR's own notation ("2 vCPU", "8 GB"); the JVM heaps Spark asks for are in MB and,
   * with Spark's memory overhead ({@code max(384 MB, memoryOverheadFactor x heap)}), must fit the
   * worker ({@link SparkSizing} checks it).
   *
   * @param preInitialized whether the application keeps the driver and {@code initialExecutors}
   *     workers warm
   * @param minExecutors dynamic allocation floor; {@code initialExecutors} is also dynamic
   *     allocation's start
   * @param maxExecutors dynamic allocation ceiling; driver plus this many executors must fit
   *     maxCpu/maxMemory
   * @param triggerInterval ISO-8601 micro-batch interval of the job (PT0S: as fast as possible)
   * @param watermarkDelay ISO-8601, empty: the job's default (the validation policy's minimum)
   */
  public record Spark(
      CpuArchitecture architecture,
      String releaseLabel,
      String driverCpu,
      String driverMemory,
      String executorCpu,
      String executorMemory,
      int driverHeapMb,
      int executorHeapMb,
      double memoryOverheadFactor,
      boolean preInitialized,
      int initialExecutors,
      int minExecutors,
      int maxExecutors,
      String maxCpu,
      String maxMemory,
      int workerDiskGb,
      String maxDisk,
      int idleTimeoutMinutes,
      int maxFailedAttemptsPerHour,
      int shufflePartitions,
      long maxOffsetsPerTrigger,
      String triggerInterval,
      String windowSizes,
      String watermarkDelay,
      String startingOffsets,
      String triggerLevelsFile,
      String consumerGroupPrefix,
      String pipelineVersion) {}

  /**
   * The monitored site, read by the producer and the job (names of the environment variables in
   * brackets). Empty values are not passed: the modules' own defaults apply.
   *
   * @param crs EPSG code of the site grid (SITE_CRS), e.g. EPSG:28355
   * @param bounds minEasting,minNorthing,maxEasting,maxNorthing in the CRS's metres (SITE_BOUNDS)
   * @param epoch ISO-8601 instant; readings before it are rejected (SITE_EPOCH)
   * @param futureTolerance ISO-8601 duration (FUTURE_TOLERANCE)
   */
  public record Site(String crs, String bounds, String epoch, String futureTolerance) {}

  public enum DatabaseEngine {
    RDS_POSTGRES,
    AURORA_SERVERLESS_V2
  }

  /** PostgreSQL: an RDS instance (instanceClass, storage) or Aurora Serverless v2 (ACU range). */
  public record Database(
      DatabaseEngine engine,
      String instanceClass,
      int allocatedStorageGb,
      int maxAllocatedStorageGb,
      double minAcu,
      double maxAcu,
      boolean multiAz,
      int backupRetentionDays,
      int rotationDays,
      boolean deletionProtection) {}

  /**
   * OpenSearch Service domain. With zone awareness the data nodes spread evenly over {@code
   * zoneCount} zones (2, or 3 when the VPC has three); without it the one data node lives in one
   * subnet.
   */
  public record Search(
      String instanceType,
      int dataNodes,
      boolean zoneAwareness,
      int zoneCount,
      int volumeGb,
      int dedicatedMasters,
      String masterInstanceType,
      int replicas,
      int shards,
      SearchRetention retention) {}

  /**
   * Days OpenSearch keeps each kind by its document time; 0 = forever. The raw log and PostgreSQL
   * keep everything; this is the real-time layer's window.
   */
  public record SearchRetention(
      int readingsDays, int aggregatesDays, int alertsDays, int deadLettersDays) {
    /** Whether any kind has a limit: only then is the retention function deployed. */
    public boolean any() {
      return readingsDays > 0 || aggregatesDays > 0 || alertsDays > 0 || deadLettersDays > 0;
    }
  }

  /** How the simulator's Function URL authenticates callers. */
  public enum UrlAuth {
    /**
     * SigV4-signed requests by principals allowed lambda:InvokeFunctionUrl (the producer's role).
     */
    AWS_IAM,
    /** Anyone on the internet: only for a throw-away stack, never the default. */
    NONE
  }

  /**
   * Lambda sizing and the producer schedule. The producer polls {@code externalApiUrl}, or the
   * simulator behind a Function URL when {@code simulatorDeploy} (a dev tool: never in prod).
   */
  public record Functions(
      String externalApiUrl,
      boolean simulatorDeploy,
      UrlAuth simulatorUrlAuth,
      int producerScheduleMinutes,
      int producerPollsPerInvocation,
      int producerMemoryMb,
      int sinkMemoryMb,
      int simulatorMemoryMb,
      int deployHandlerMemoryMb,
      int sinkBatchSize,
      int sinkMaxConcurrency,
      String sinkConsumerGroup,
      int simulatorMaxConcurrency) {

    public boolean deploysSimulator() {
      return simulatorDeploy;
    }
  }

  /** Paths of the jars the build produces, relative to the directory the app runs in (infra/). */
  public record Artifacts(
      String producerJar,
      String searchSinkJar,
      String simulatorJar,
      String sparkJobJar,
      String deployHandlersJar,
      String alarmsJar) {}

  /**
   * The Session Manager port-forwarding host (the route people take to Dashboards and PostgreSQL).
   */
  public record Access(boolean host, String instanceType) {}

  public enum Retention {
    DESTROY,
    RETAIN,
    SNAPSHOT
  }

  public record Operations(int logRetentionDays, String alarmEmail, Retention removalPolicy) {}

  /**
   * The SNS topics of geotechnical alarms on AWS: one per severity, and one for instrument health
   * (stale, flat-lined, implausible rate), with the alarm levels each receives.
   */
  public enum AlarmTopic {
    ALERT(List.of("ALERT")),
    ALARM(List.of("ALARM")),
    ACTION(List.of("ACTION")),
    INSTRUMENT(List.of("STALE", "FLATLINE", "RATE"));

    private final List<String> levels;

    AlarmTopic(List<String> levels) {
      this.levels = levels;
    }

    /** The alarm levels (the alarms module's) whose messages this topic gets. */
    public List<String> levels() {
      return levels;
    }

    /** The configuration key prefix, e.g. {@code alarms.action}. */
    public String key() {
      return "alarms." + name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Who a topic tells: e-mail addresses (each confirms its subscription) and SMS numbers. */
  public record Recipients(List<String> emails, List<String> sms) {
    public Recipients {
      emails = List.copyOf(emails);
      sms = List.copyOf(sms);
    }
  }

  /**
   * The alarm functions on AWS (notifier on a schedule, alarm API behind API Gateway) and who the
   * topics tell.
   */
  public record Alarms(
      java.util.Map<AlarmTopic, Recipients> recipients,
      int notifierMemoryMb,
      int apiMemoryMb,
      int apiMaxConcurrency) {
    public Alarms {
      recipients = java.util.Map.copyOf(recipients);
    }
  }
}
