package dev.geomonitor.infra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.emrserverless.CfnApplication;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * The Spark job on EMR Serverless: the application in the VPC app tier, the job jar as an S3 asset,
 * checkpoints in S3, and the streaming job run started at deploy. The run's properties carry a hash
 * of the jar, the trigger levels and the job settings, so a new jar or new settings start a new run
 * after the old one has stopped.
 */
public final class EmrStreamingJob extends Construct {
  private static final String CHECKPOINT_PREFIX = "checkpoints/";
  private static final String LOG_PREFIX = "emr-logs/";

  private final CfnApplication application;
  private final Role jobRole;
  private final Bucket bucket;
  private final CustomResource jobRun;
  private final String configHash;
  private final Asset triggerLevels;

  public EmrStreamingJob(
      Construct scope,
      String id,
      InfraConfig config,
      Network network,
      IKey key,
      IBucket accessLogs,
      KafkaCluster kafka,
      PostgresDatabase database,
      DeployResources deploy) {
    super(scope, id);
    this.bucket = createBucket(config, key, accessLogs);
    Asset jar = Asset.Builder.create(this, "JobJar").path(config.artifacts().sparkJobJar()).build();
    // The trigger levels travel with the deploy: the file is an S3 object next to the jar, its hash
    // in the run's.
    this.triggerLevels =
        config.spark().triggerLevelsFile().isEmpty()
            ? null
            : Asset.Builder.create(this, "TriggerLevels")
                .path(config.spark().triggerLevelsFile())
                .build();
    this.application = createApplication(config, network);
    this.jobRole = createJobRole(config, key, jar, kafka, database);
    LogGroup driverLogs =
        LogGroup.Builder.create(this, "JobLogs")
            .retention(LogRetention.of(config.operations().logRetentionDays()))
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    driverLogs.grantWrite(jobRole);
    Map<String, String> settings = jobSettings(config, kafka, database);
    this.configHash =
        hash(
            jar.getAssetHash() + (triggerLevels == null ? "" : "+" + triggerLevels.getAssetHash()),
            settings);
    this.jobRun = createJobRun(config, deploy, jar, settings, driverLogs);
  }

  private Bucket createBucket(InfraConfig config, IKey key, IBucket accessLogs) {
    return Bucket.Builder.create(this, "Checkpoints")
        .encryption(BucketEncryption.KMS)
        .encryptionKey(key)
        .enforceSsl(true)
        .versioned(true)
        // Spark rewrites its checkpoint files all the time: without these rules every overwritten
        // version is kept.
        .lifecycleRules(
            List.of(
                LifecycleRule.builder()
                    .id("checkpoint-old-versions")
                    .prefix(CHECKPOINT_PREFIX)
                    .noncurrentVersionExpiration(Duration.days(7))
                    .expiredObjectDeleteMarker(true)
                    .abortIncompleteMultipartUploadAfter(Duration.days(1))
                    .build(),
                LifecycleRule.builder()
                    .id("emr-logs")
                    .prefix(LOG_PREFIX)
                    .expiration(Duration.days(config.operations().logRetentionDays()))
                    .noncurrentVersionExpiration(Duration.days(1))
                    .abortIncompleteMultipartUploadAfter(Duration.days(1))
                    .build()))
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .serverAccessLogsBucket(accessLogs)
        .serverAccessLogsPrefix("checkpoints-bucket/")
        .removalPolicy(
            config.operations().removalPolicy() == InfraConfig.Retention.DESTROY
                ? RemovalPolicy.DESTROY
                : RemovalPolicy.RETAIN)
        .build();
  }

  private CfnApplication createApplication(InfraConfig config, Network network) {
    var spark = config.spark();
    return CfnApplication.Builder.create(this, "Application")
        .name("geomonitor-" + config.envName())
        .type("Spark")
        .releaseLabel(spark.releaseLabel())
        .architecture(spark.architecture().name())
        .initialCapacity(
            spark.preInitialized()
                ? List.of(
                    initialCapacity(
                        "Driver", 1, spark.driverCpu(), spark.driverMemory(), spark.workerDiskGb()),
                    initialCapacity(
                        "Executor",
                        spark.initialExecutors(),
                        spark.executorCpu(),
                        spark.executorMemory(),
                        spark.workerDiskGb()))
                : null)
        .maximumCapacity(
            CfnApplication.MaximumAllowedResourcesProperty.builder()
                .cpu(spark.maxCpu())
                .memory(spark.maxMemory())
                .disk(spark.maxDisk())
                .build())
        .autoStartConfiguration(
            CfnApplication.AutoStartConfigurationProperty.builder().enabled(true).build())
        .autoStopConfiguration(
            CfnApplication.AutoStopConfigurationProperty.builder()
                .enabled(true)
                .idleTimeoutMinutes(spark.idleTimeoutMinutes())
                .build())
        .networkConfiguration(
            CfnApplication.NetworkConfigurationProperty.builder()
                .subnetIds(network.appSubnetIds())
                .securityGroupIds(List.of(network.workloads().getSecurityGroupId()))
                .build())
        .build();
  }

  private static CfnApplication.InitialCapacityConfigKeyValuePairProperty initialCapacity(
      String workerType, int count, String cpu, String memory, int diskGb) {
    return CfnApplication.InitialCapacityConfigKeyValuePairProperty.builder()
        .key(workerType)
        .value(
            CfnApplication.InitialCapacityConfigProperty.builder()
                .workerCount(count)
                .workerConfiguration(
                    CfnApplication.WorkerConfigurationProperty.builder()
                        .cpu(cpu)
                        .memory(memory)
                        .disk(diskGb + " GB")
                        .build())
                .build())
        .build();
  }

  /**
   * The job's role: its jar, its bucket prefixes, its topics and consumer groups, the writer user's
   * secret.
   */
  private Role createJobRole(
      InfraConfig config, IKey key, Asset jar, KafkaCluster kafka, PostgresDatabase database) {
    Role role =
        Role.Builder.create(this, "JobRole")
            .assumedBy(new ServicePrincipal("emr-serverless.amazonaws.com"))
            .description("Execution role of the geomonitor streaming job")
            .build();
    // The job's own jar object only, not the whole asset bucket.
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("s3:GetObject"))
            .resources(List.of(jar.getBucket().arnForObjects(jar.getS3ObjectKey())))
            .build());
    if (triggerLevels != null) {
      role.addToPolicy(
          PolicyStatement.Builder.create()
              .actions(List.of("s3:GetObject"))
              .resources(
                  List.of(triggerLevels.getBucket().arnForObjects(triggerLevels.getS3ObjectKey())))
              .build());
    }
    bucket.grantReadWrite(role, CHECKPOINT_PREFIX + "*");
    bucket.grantReadWrite(role, LOG_PREFIX + "*");
    key.grantEncryptDecrypt(role);
    var topics = config.kafka().topics();
    // The job's one query consumes only the raw topic (windows are computed in its per-instrument
    // state).
    kafka.grantConsume(role, List.of(topics.raw()), List.of(consumerGroup(config)));
    kafka.grantProduce(
        role, List.of(topics.readings(), topics.aggregates(), topics.alerts(), topics.dlq()));
    database.jobSecret().grantRead(role);
    return role;
  }

  /**
   * Environment of the driver and executors; the job reads it once into its configuration record.
   */
  private Map<String, String> jobSettings(
      InfraConfig config, KafkaCluster kafka, PostgresDatabase database) {
    Map<String, String> settings = new TreeMap<>(PipelineFunctions.kafkaSettings(config, kafka));
    settings.put(
        "CHECKPOINT_LOCATION",
        bucket.s3UrlForObject(CHECKPOINT_PREFIX + config.spark().pipelineVersion()));
    settings.put("PIPELINE_VERSION", config.spark().pipelineVersion());
    var spark = config.spark();
    settings.put("SHUFFLE_PARTITIONS", Integer.toString(spark.shufflePartitions()));
    settings.put("MAX_OFFSETS_PER_TRIGGER", Long.toString(spark.maxOffsetsPerTrigger()));
    settings.put("TRIGGER_INTERVAL", spark.triggerInterval());
    settings.put("WINDOW_SIZES", spark.windowSizes());
    if (!spark.watermarkDelay().isEmpty()) {
      settings.put("WATERMARK_DELAY", spark.watermarkDelay());
    }
    // An explicit group id (Spark's kafka.group.id) instead of a generated one lets the role name
    // the exact group.
    settings.put("KAFKA_GROUP_ID", consumerGroup(config));
    settings.put("STARTING_OFFSETS", spark.startingOffsets());
    if (triggerLevels != null) {
      settings.put("TRIGGER_LEVELS_FILE", triggerLevels.getS3ObjectUrl());
    }
    settings.putAll(PipelineFunctions.siteSettings(config));
    settings.put("DB_SECRET_ARN", database.jobSecret().getSecretArn());
    settings.put(
        "JDBC_URL",
        "jdbc:postgresql://"
            + database.endpointAddress()
            + ":"
            + PostgresDatabase.PORT
            + "/"
            + PostgresDatabase.DATABASE_NAME
            + "?sslmode=require");
    return settings;
  }

  static String consumerGroup(InfraConfig config) {
    return config.spark().consumerGroupPrefix() + "-" + config.spark().pipelineVersion();
  }

  /**
   * The run is a deploy-handlers custom resource (JobRunSetup): it stops the previous run on the
   * checkpoint before it starts the new one with a client token unique to the CloudFormation
   * request, and waits until the run is RUNNING. The config hash is a property, so a new jar or new
   * settings make CloudFormation send an Update.
   */
  private CustomResource createJobRun(
      InfraConfig config,
      DeployResources deploy,
      Asset jar,
      Map<String, String> settings,
      LogGroup driverLogs) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("ApplicationId", application.getAttrApplicationId());
    properties.put("ExecutionRoleArn", jobRole.getRoleArn());
    properties.put("Name", "geomonitor-streaming-" + configHash.substring(0, 12));
    properties.put("EntryPoint", jar.getS3ObjectUrl());
    properties.put("SparkSubmitParameters", sparkSubmitParameters(config, settings));
    properties.put(
        "MaxFailedAttemptsPerHour", Integer.toString(config.spark().maxFailedAttemptsPerHour()));
    properties.put("LogUri", bucket.s3UrlForObject(LOG_PREFIX));
    properties.put("LogGroupName", driverLogs.getLogGroupName());
    properties.put("CheckpointLocation", settings.get("CHECKPOINT_LOCATION"));
    properties.put("ConfigHash", configHash);
    properties.put("StartTimeoutSeconds", "540");
    String runs = application.getAttrArn() + "/jobruns/*";
    return deploy.jobRun(
        properties,
        List.of(
            PolicyStatement.Builder.create()
                .actions(List.of("emr-serverless:StartJobRun", "emr-serverless:TagResource"))
                .resources(List.of(application.getAttrArn(), runs))
                .build(),
            PolicyStatement.Builder.create()
                .actions(List.of("emr-serverless:ListJobRuns"))
                .resources(List.of(application.getAttrArn()))
                .build(),
            PolicyStatement.Builder.create()
                .actions(List.of("emr-serverless:CancelJobRun", "emr-serverless:GetJobRun"))
                .resources(List.of(runs))
                .build(),
            PolicyStatement.Builder.create()
                .actions(List.of("iam:PassRole"))
                .resources(List.of(jobRole.getRoleArn()))
                .build()));
  }

  private static String sparkSubmitParameters(InfraConfig config, Map<String, String> settings) {
    var spark = config.spark();
    StringBuilder params = new StringBuilder("--class " + HandlerClasses.STREAMING_JOB);
    params.append(" --conf spark.sql.shuffle.partitions=").append(spark.shufflePartitions());
    // Sizes matching the workers: without them Spark asks for EMR's default workers, which need not
    // fit the
    // pre-initialized capacity or even the maximum capacity.
    params
        .append(" --conf spark.driver.cores=")
        .append((int) CostEstimate.number(spark.driverCpu()));
    params.append(" --conf spark.driver.memory=").append(spark.driverHeapMb()).append('m');
    params
        .append(" --conf spark.driver.memoryOverheadFactor=")
        .append(spark.memoryOverheadFactor());
    params
        .append(" --conf spark.executor.cores=")
        .append((int) CostEstimate.number(spark.executorCpu()));
    params.append(" --conf spark.executor.memory=").append(spark.executorHeapMb()).append('m');
    params
        .append(" --conf spark.executor.memoryOverheadFactor=")
        .append(spark.memoryOverheadFactor());
    // The same disk the pre-initialized workers have, so the job's workers match them.
    params
        .append(" --conf spark.emr-serverless.driver.disk=")
        .append(spark.workerDiskGb())
        .append('g');
    params
        .append(" --conf spark.emr-serverless.executor.disk=")
        .append(spark.workerDiskGb())
        .append('g');
    params.append(" --conf spark.dynamicAllocation.enabled=true");
    params.append(" --conf spark.dynamicAllocation.minExecutors=").append(spark.minExecutors());
    params
        .append(" --conf spark.dynamicAllocation.initialExecutors=")
        .append(spark.initialExecutors());
    params.append(" --conf spark.dynamicAllocation.maxExecutors=").append(spark.maxExecutors());
    settings.forEach(
        (name, value) -> {
          params
              .append(" --conf spark.emr-serverless.driverEnv.")
              .append(name)
              .append('=')
              .append(value);
          params.append(" --conf spark.executorEnv.").append(name).append('=').append(value);
        });
    return params.toString();
  }

  /**
   * SHA-256 of the jar's asset hash and the job settings. Settings that are deploy-time tokens
   * enter by name only: their values change only when the resource they point to is replaced, which
   * changes the run's properties anyway.
   */
  static String hash(String jarHash, Map<String, String> settings) {
    StringBuilder material = new StringBuilder(jarHash);
    settings.forEach(
        (name, value) ->
            material
                .append('\n')
                .append(name)
                .append('=')
                .append(isToken(value) ? "<deploy-time>" : value));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(material.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static boolean isToken(String value) {
    return Token.isUnresolved(value);
  }

  public CfnApplication application() {
    return application;
  }

  public Role jobRole() {
    return jobRole;
  }

  public Bucket bucket() {
    return bucket;
  }

  public CustomResource jobRun() {
    return jobRun;
  }

  /** The S3 object holding the trigger levels, or null when the job uses the shipped defaults. */
  public Asset triggerLevels() {
    return triggerLevels;
  }

  public String configHash() {
    return configHash;
  }
}
