package dev.geomonitor.infra;

import java.util.List;

/**
 * Everything that differs between environments, as one immutable value built by {@link InfraConfigReader}. Every size
 * knob is a field so that scaling an environment is a configuration change, never a code change.
 */
public record InfraConfig(
    String envName,
    String stackName,
    String account,
    String region,
    Network network,
    Kafka kafka,
    Spark spark,
    Database database,
    Search search,
    Functions functions,
    Artifacts artifacts,
    Operations operations) {

  /** VPC shape. Zero NAT gateways makes every private subnet isolated; AWS APIs are then reached through endpoints. */
  public record Network(
      List<String> availabilityZones, int natGateways, List<String> interfaceEndpoints, int flowLogRetentionDays) {}

  public enum KafkaMode {
    SERVERLESS,
    PROVISIONED
  }

  /** Kafka cluster and topics. Retention -1 keeps records forever (the raw topic is the Kappa log). */
  public record Kafka(
      KafkaMode mode,
      int brokerCount,
      String instanceType,
      int volumeGb,
      String version,
      int partitions,
      int replicationFactor,
      long rawRetentionMs,
      int outputRetentionHours,
      int dlqRetentionHours,
      TopicNames topics) {}

  /** Topic names; defaults equal the domain module's {@code Topics.DEFAULT}. */
  public record TopicNames(String raw, String readings, String aggregates, String alerts, String dlq) {
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

  /** EMR Serverless application and the streaming job. CPU and memory use EMR's own notation ("2 vCPU", "8 GB"). */
  public record Spark(
      CpuArchitecture architecture,
      String releaseLabel,
      String driverCpu,
      String driverMemory,
      String executorCpu,
      String executorMemory,
      int initialExecutors,
      String maxCpu,
      String maxMemory,
      int idleTimeoutMinutes,
      int maxFailedAttemptsPerHour,
      int shufflePartitions,
      String consumerGroupPrefix,
      String pipelineVersion) {}

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

  /** OpenSearch Service domain. Zone awareness needs an even data node count of two or more. */
  public record Search(
      String instanceType,
      int dataNodes,
      boolean zoneAwareness,
      int volumeGb,
      int dedicatedMasters,
      String masterInstanceType) {}

  /** Lambda sizing and the producer schedule. An empty externalApiUrl deploys the simulator behind a Function URL. */
  public record Functions(
      String externalApiUrl,
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
      return externalApiUrl.isBlank();
    }
  }

  /** Paths of the jars the build produces, relative to the directory the app runs in (infra/). */
  public record Artifacts(
      String producerJar, String searchSinkJar, String simulatorJar, String sparkJobJar, String deployHandlersJar) {}

  public enum Retention {
    DESTROY,
    RETAIN,
    SNAPSHOT
  }

  public record Operations(int logRetentionDays, String alarmEmail, Retention removalPolicy) {}
}
