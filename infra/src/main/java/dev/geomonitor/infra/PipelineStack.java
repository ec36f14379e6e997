package dev.geomonitor.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/** One environment of the geomonitor pipeline on AWS. The constructor is the table of contents. */
public final class PipelineStack extends Stack {
  private final Key key;
  private final Bucket accessLogs;
  private final Network network;
  private final KafkaCluster kafka;
  private final PostgresDatabase database;
  private final SearchDomain search;
  private final DeployResources deployResources;
  private final EmrStreamingJob streamingJob;
  private final PipelineFunctions functions;
  private final AlarmFunctions alarms;
  private final Operations operations;
  private final AccessHost accessHost;
  private List<NagAcknowledgements.Entry> unmatchedAcknowledgements = List.of();

  /** The stack with its cdk-nag acknowledgements recorded: what the app deploys. */
  public static PipelineStack create(Construct scope, InfraConfig config) {
    PipelineStack stack = new PipelineStack(scope, config);
    stack.unmatchedAcknowledgements = NagAcknowledgements.apply(stack, config);
    return stack;
  }

  /**
   * The bare stack, without acknowledgements (tests use it to prove each acknowledgement hides a
   * real finding).
   */
  PipelineStack(Construct scope, InfraConfig config) {
    super(scope, config.stackName(), stackProps(config));
    // Custom resources use the SDK in Lambda's runtime: installing the latest at deploy time needs
    // internet access.
    getNode().setContext("@aws-cdk/customresources:installLatestAwsSdkDefault", false);
    Tags.of(this).add("project", "geomonitor");
    Tags.of(this).add("environment", config.envName());
    this.key = createKey();
    this.accessLogs = createAccessLogsBucket(config);
    this.network = new Network(this, "Network", config, key);
    this.kafka = new KafkaCluster(this, "Kafka", config, network, key);
    this.database = new PostgresDatabase(this, "Postgres", config, network, key);
    this.search = new SearchDomain(this, "Search", config, network, key);
    this.deployResources =
        new DeployResources(this, "Deploy", config, network, key, kafka, database, search);
    this.streamingJob =
        new EmrStreamingJob(
            this, "Spark", config, network, key, accessLogs, kafka, database, deployResources);
    this.functions = new PipelineFunctions(this, "Functions", config, network, key, kafka, search);
    this.alarms = new AlarmFunctions(this, "Alarms", config, network, key, database, search);
    this.accessHost =
        config.access().host() ? new AccessHost(this, "Access", config, network, key) : null;
    this.operations =
        new Operations(
            this, "Operations", config, key, functions, kafka, streamingJob, database, search);
    orderDeployment();
    createOutputs();
  }

  private static StackProps stackProps(InfraConfig config) {
    return StackProps.builder()
        .description("geomonitor Kappa pipeline (" + config.envName() + ")")
        .env(Environment.builder().account(config.account()).region(config.region()).build())
        .build();
  }

  /** One customer key for every encrypted resource; CloudWatch Logs must be allowed to use it. */
  private Key createKey() {
    Key created =
        Key.Builder.create(this, "Key")
            .description("geomonitor data at rest")
            .enableKeyRotation(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .pendingWindow(Duration.days(7))
            .build();
    created.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .principals(List.of(new ServicePrincipal("logs." + getRegion() + ".amazonaws.com")))
            .actions(
                List.of(
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*"))
            .resources(List.of("*"))
            .build());
    // EventBridge delivers events its targets could not take to the schedule's encrypted
    // dead-letter queue.
    created.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
            .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
            .resources(List.of("*"))
            .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
            .build());
    return created;
  }

  private Bucket createAccessLogsBucket(InfraConfig config) {
    return Bucket.Builder.create(this, "AccessLogs")
        .encryption(BucketEncryption.S3_MANAGED)
        .enforceSsl(true)
        .versioned(true)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
        .removalPolicy(
            config.operations().removalPolicy() == InfraConfig.Retention.DESTROY
                ? RemovalPolicy.DESTROY
                : RemovalPolicy.RETAIN)
        .build();
  }

  /**
   * Topics and tables exist before anything reads or writes them; the index templates before the
   * sink writes.
   */
  private void orderDeployment() {
    // The search setup maps the sink's IAM role to its fine-grained access control role before the
    // sink runs.
    ((software.amazon.awscdk.CfnResource) deployResources.searchSetup().getNode().getDefaultChild())
        .addPropertyOverride("SinkRoleArn", functions.sink().function().getRole().getRoleArn());
    // ... and the notifier's to the alarms writer role (it indexes the alarms for Dashboards).
    ((software.amazon.awscdk.CfnResource) deployResources.searchSetup().getNode().getDefaultChild())
        .addPropertyOverride("AlarmsRoleArn", alarms.notifier().function().getRole().getRoleArn());
    streamingJob
        .jobRun()
        .getNode()
        .addDependency(deployResources.topics(), deployResources.schema());
    functions.producer().alias().getNode().addDependency(deployResources.topics());
    functions
        .sink()
        .alias()
        .getNode()
        .addDependency(deployResources.topics(), deployResources.searchSetup());
    // The alarm functions log in as the alarms user, which the schema-migration resource creates.
    alarms
        .notifier()
        .alias()
        .getNode()
        .addDependency(deployResources.schema(), deployResources.searchSetup());
    alarms.api().alias().getNode().addDependency(deployResources.schema());
  }

  private void createOutputs() {
    output("DashboardsUrl", search.dashboardsUrl(), "OpenSearch Dashboards (from inside the VPC)");
    output(
        "OpenSearchCredentialsSecretArn",
        search.masterUser().getSecretArn(),
        "Dashboards login (username/password)");
    output(
        "BootstrapServers",
        kafka.bootstrapServers(),
        "Kafka bootstrap servers (SASL/IAM over TLS, port 9098)");
    output("DbEndpoint", database.endpointAddress(), "PostgreSQL endpoint");
    output(
        "DbSecretArn",
        database.secret().getSecretArn(),
        "PostgreSQL master user: migrations and administration only (rotated)");
    output(
        "DbReaderSecretArn",
        database.readerSecret().getSecretArn(),
        "PostgreSQL reporting user: SELECT on the monitoring views (rotated)");
    output("ApiUrl", functions.apiUrl(), "Source API the producer polls");
    output(
        "CheckpointBucket",
        streamingJob.bucket().getBucketName(),
        "Spark checkpoints and EMR logs");
    output("AlarmTopicArn", operations.alarmTopic().getTopicArn(), "SNS topic of every alarm");
    output(
        "AlarmApiUrl",
        alarms.apiUrl(),
        "Alarm API (SigV4-signed, IAM): GET api/alarms, GET api/alarms/{id}, POST .../acknowledge, .../comment");
    output(
        "AlarmApiCallersPolicyArn",
        alarms.callers().getManagedPolicyArn(),
        "Attach to an engineer's role to call the alarm API");
    alarms
        .topics()
        .forEach(
            (topic, created) ->
                output(
                    "AlarmTopic" + topic.name().charAt(0) + topic.name().substring(1).toLowerCase(),
                    created.getTopicArn(),
                    "SNS topic of geotechnical "
                        + topic.name()
                        + " messages (levels "
                        + String.join(", ", topic.levels())
                        + ")"));
    if (accessHost != null) {
      String instance = accessHost.instance().getInstanceId();
      output("AccessInstanceId", instance, "Session Manager port-forwarding host");
      output(
          "DashboardsTunnelCommand",
          Fn.join(
              "",
              List.of(
                  "aws ssm start-session --region ",
                  getRegion(),
                  " --target ",
                  instance,
                  " --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters host=",
                  search.domain().getDomainEndpoint(),
                  ",portNumber=443,localPortNumber=8443")),
          "Then open https://localhost:8443/_dashboards (the certificate names the domain: accept it once)");
      output(
          "DatabaseTunnelCommand",
          Fn.join(
              "",
              List.of(
                  "aws ssm start-session --region ",
                  getRegion(),
                  " --target ",
                  instance,
                  " --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters host=",
                  database.endpointAddress(),
                  ",portNumber=5432,localPortNumber=15432")),
          "Then psql \"host=localhost port=15432 dbname=geomonitor sslmode=require\" as the user in DbReaderSecretArn");
    }
  }

  private void output(String id, String value, String description) {
    CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }

  public Network network() {
    return network;
  }

  public KafkaCluster kafka() {
    return kafka;
  }

  public PostgresDatabase database() {
    return database;
  }

  public SearchDomain search() {
    return search;
  }

  public EmrStreamingJob streamingJob() {
    return streamingJob;
  }

  public PipelineFunctions functions() {
    return functions;
  }

  public AlarmFunctions alarms() {
    return alarms;
  }

  public Operations operations() {
    return operations;
  }

  public DeployResources deployResources() {
    return deployResources;
  }

  /** Null when access.host=false. */
  public AccessHost accessHost() {
    return accessHost;
  }

  public Key key() {
    return key;
  }

  public Bucket accessLogs() {
    return accessLogs;
  }

  /**
   * Acknowledgements whose construct path matched nothing (a test keeps this empty so the list
   * stays true).
   */
  public List<NagAcknowledgements.Entry> unmatchedAcknowledgements() {
    return unmatchedAcknowledgements;
  }
}
