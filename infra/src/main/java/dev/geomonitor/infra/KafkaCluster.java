package dev.geomonitor.infra;

import dev.geomonitor.infra.InfraConfig.KafkaMode;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.applicationautoscaling.BasicTargetTrackingScalingPolicyProps;
import software.amazon.awscdk.services.applicationautoscaling.PredefinedMetric;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.ServiceNamespace;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.msk.CfnCluster;
import software.amazon.awscdk.services.msk.CfnConfiguration;
import software.amazon.awscdk.services.msk.CfnServerlessCluster;
import software.constructs.Construct;

/**
 * MSK, serverless or provisioned by configuration; IAM authentication only and TLS in transit
 * either way. Exposes the exact ARNs of topics and consumer groups so that every role gets
 * kafka-cluster actions on what it uses and nothing else.
 */
public final class KafkaCluster extends Construct {
  /** MSK's port for SASL/IAM over TLS. */
  public static final int IAM_TLS_PORT = 9098;

  private final String clusterName;
  private final String clusterArn;
  private final SecurityGroup securityGroup;
  private final String bootstrapServers;

  public KafkaCluster(Construct scope, String id, InfraConfig config, Network network, IKey key) {
    super(scope, id);
    this.clusterName = "geomonitor-" + config.envName();
    this.securityGroup =
        network.serviceSecurityGroup("KafkaSg", "MSK brokers (IAM over TLS)", IAM_TLS_PORT);
    // Lambda's MSK event source polls from network interfaces that carry the cluster's own security
    // group: they must
    // reach the brokers and the Lambda/STS endpoints.
    securityGroup.addIngressRule(securityGroup, Port.tcp(IAM_TLS_PORT), "MSK event source pollers");
    securityGroup.addEgressRule(
        securityGroup, Port.tcp(IAM_TLS_PORT), "MSK event source pollers to brokers");
    securityGroup.addEgressRule(
        network.endpoints(), Port.tcp(443), "MSK event source pollers to AWS endpoints");
    network.endpoints().addIngressRule(securityGroup, Port.tcp(443), "MSK event source pollers");
    this.clusterArn =
        config.kafka().mode() == KafkaMode.SERVERLESS
            ? createServerlessCluster(config, network)
            : createProvisionedCluster(config, network, key);
    this.bootstrapServers = lookUpBootstrapServers();
  }

  private String createServerlessCluster(InfraConfig config, Network network) {
    CfnServerlessCluster cluster =
        CfnServerlessCluster.Builder.create(this, "Serverless")
            .clusterName(clusterName)
            .clientAuthentication(
                CfnServerlessCluster.ClientAuthenticationProperty.builder()
                    .sasl(
                        CfnServerlessCluster.SaslProperty.builder()
                            .iam(CfnServerlessCluster.IamProperty.builder().enabled(true).build())
                            .build())
                    .build())
            .vpcConfigs(
                List.of(
                    CfnServerlessCluster.VpcConfigProperty.builder()
                        .subnetIds(network.appSubnetIds())
                        .securityGroups(List.of(securityGroup.getSecurityGroupId()))
                        .build()))
            .build();
    cluster.applyRemovalPolicy(dataRemovalPolicy(config));
    return cluster.getAttrArn();
  }

  private String createProvisionedCluster(InfraConfig config, Network network, IKey key) {
    LogGroup brokerLogs =
        LogGroup.Builder.create(this, "BrokerLogs")
            .retention(LogRetention.of(config.operations().logRetentionDays()))
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    // Durability the job and producer assume (acks=all, idempotent writes): a write is acknowledged
    // by two replicas of
    // three, an out-of-sync replica never becomes leader, and topics exist only as the topics
    // resource creates them.
    CfnConfiguration brokerConfig =
        CfnConfiguration.Builder.create(this, "BrokerConfiguration")
            .name(clusterName + "-durability")
            .kafkaVersionsList(List.of(config.kafka().version()))
            .serverProperties(serverProperties(config))
            .build();
    CfnCluster cluster =
        CfnCluster.Builder.create(this, "Provisioned")
            .clusterName(clusterName)
            .configurationInfo(
                CfnCluster.ConfigurationInfoProperty.builder()
                    .arn(brokerConfig.getAttrArn())
                    .revision(brokerConfig.getAttrLatestRevisionRevision())
                    .build())
            .kafkaVersion(config.kafka().version())
            .numberOfBrokerNodes(config.kafka().brokerCount())
            .brokerNodeGroupInfo(
                CfnCluster.BrokerNodeGroupInfoProperty.builder()
                    .instanceType(config.kafka().instanceType())
                    .clientSubnets(network.appSubnetIds())
                    .securityGroups(List.of(securityGroup.getSecurityGroupId()))
                    .storageInfo(
                        CfnCluster.StorageInfoProperty.builder()
                            .ebsStorageInfo(
                                CfnCluster.EBSStorageInfoProperty.builder()
                                    .volumeSize(config.kafka().volumeGb())
                                    .build())
                            .build())
                    .build())
            .clientAuthentication(
                CfnCluster.ClientAuthenticationProperty.builder()
                    .sasl(
                        CfnCluster.SaslProperty.builder()
                            .iam(CfnCluster.IamProperty.builder().enabled(true).build())
                            .build())
                    .unauthenticated(
                        CfnCluster.UnauthenticatedProperty.builder().enabled(false).build())
                    .build())
            .encryptionInfo(
                CfnCluster.EncryptionInfoProperty.builder()
                    .encryptionInTransit(
                        CfnCluster.EncryptionInTransitProperty.builder()
                            .clientBroker("TLS")
                            .inCluster(true)
                            .build())
                    .encryptionAtRest(
                        CfnCluster.EncryptionAtRestProperty.builder()
                            .dataVolumeKmsKeyId(key.getKeyArn())
                            .build())
                    .build())
            .loggingInfo(
                CfnCluster.LoggingInfoProperty.builder()
                    .brokerLogs(
                        CfnCluster.BrokerLogsProperty.builder()
                            .cloudWatchLogs(
                                CfnCluster.CloudWatchLogsProperty.builder()
                                    .enabled(true)
                                    .logGroup(brokerLogs.getLogGroupName())
                                    .build())
                            .build())
                    .build())
            // Per-topic metrics let the DLQ-growth alarm watch one topic.
            .enhancedMonitoring("PER_TOPIC_PER_BROKER")
            .build();
    cluster.applyRemovalPolicy(dataRemovalPolicy(config));
    addStorageAutoScaling(config, cluster);
    return cluster.getAttrArn();
  }

  /** Broker settings of the MSK configuration (one per line, Kafka's server.properties syntax). */
  static String serverProperties(InfraConfig config) {
    int replication = config.kafka().replicationFactor();
    return String.join(
        "\n",
        "default.replication.factor=" + replication,
        "min.insync.replicas=" + Math.max(1, replication - 1),
        "unclean.leader.election.enable=false",
        "auto.create.topics.enable=false",
        "offsets.topic.replication.factor=" + replication,
        "transaction.state.log.replication.factor=" + replication,
        "transaction.state.log.min.isr=" + Math.max(1, replication - 1));
  }

  /**
   * The raw topic grows forever: EBS volumes grow by target tracking up to kafka.maxVolumeGb per
   * broker.
   */
  private void addStorageAutoScaling(InfraConfig config, CfnCluster cluster) {
    if (config.kafka().maxVolumeGb() <= config.kafka().volumeGb()) {
      return;
    }
    ScalableTarget target =
        ScalableTarget.Builder.create(this, "StorageScaling")
            .serviceNamespace(ServiceNamespace.KAFKA)
            .scalableDimension("kafka:broker-storage:VolumeSize")
            .resourceId(cluster.getAttrArn())
            .minCapacity(config.kafka().volumeGb())
            .maxCapacity(config.kafka().maxVolumeGb())
            .build();
    target.scaleToTrackMetric(
        "StorageUtilization",
        BasicTargetTrackingScalingPolicyProps.builder()
            .predefinedMetric(PredefinedMetric.KAFKA_BROKER_STORAGE_UTILIZATION)
            .targetValue(60)
            .disableScaleIn(true)
            .build());
  }

  /**
   * The raw topic is the source of truth: kept with the stack unless the environment destroys its
   * data.
   */
  static RemovalPolicy dataRemovalPolicy(InfraConfig config) {
    return config.operations().removalPolicy() == InfraConfig.Retention.DESTROY
        ? RemovalPolicy.DESTROY
        : RemovalPolicy.RETAIN;
  }

  /** Neither MSK resource type returns its bootstrap servers: ask the MSK API once at deploy. */
  private String lookUpBootstrapServers() {
    AwsSdkCall call =
        AwsSdkCall.builder()
            .service("Kafka")
            .action("getBootstrapBrokers")
            .parameters(Map.of("ClusterArn", clusterArn))
            .physicalResourceId(PhysicalResourceId.of("bootstrap-" + clusterName))
            .build();
    AwsCustomResource lookup =
        AwsCustomResource.Builder.create(this, "BootstrapServers")
            .onCreate(call)
            .onUpdate(call)
            .installLatestAwsSdk(false)
            .policy(
                AwsCustomResourcePolicy.fromSdkCalls(
                    SdkCallsPolicyOptions.builder().resources(List.of(clusterArn)).build()))
            .build();
    return lookup.getResponseField("BootstrapBrokerStringSaslIam");
  }

  public String clusterName() {
    return clusterName;
  }

  public String clusterArn() {
    return clusterArn;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public SecurityGroup securityGroup() {
    return securityGroup;
  }

  /**
   * The cluster UUID is the last path element of the cluster ARN; topic and group ARNs are built
   * from it.
   */
  private String clusterUuid() {
    return Fn.select(2, Fn.split("/", clusterArn));
  }

  public String topicArn(String topic) {
    return dataPlaneArn("topic", topic);
  }

  public String groupArn(String group) {
    return dataPlaneArn("group", group);
  }

  private String dataPlaneArn(String kind, String name) {
    return Fn.join(
        "",
        List.of(
            "arn:",
            Aws.PARTITION,
            ":kafka:",
            Aws.REGION,
            ":",
            Aws.ACCOUNT_ID,
            ":",
            kind,
            "/",
            clusterName,
            "/",
            clusterUuid(),
            "/",
            name));
  }

  /** Produce to the given topics with an idempotent producer. */
  public void grantProduce(IGrantable grantee, List<String> topics) {
    allow(
        grantee,
        List.of("kafka-cluster:Connect", "kafka-cluster:WriteDataIdempotently"),
        List.of(clusterArn));
    allow(
        grantee,
        List.of("kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"),
        topicArns(topics));
  }

  /**
   * Consume the given topics in the given consumer groups (a trailing '*' in a group name is a
   * prefix).
   */
  public void grantConsume(IGrantable grantee, List<String> topics, List<String> groups) {
    allow(grantee, List.of("kafka-cluster:Connect"), List.of(clusterArn));
    allow(
        grantee,
        List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"),
        topicArns(topics));
    allow(
        grantee,
        List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"),
        groups.stream().map(this::groupArn).toList());
  }

  /**
   * What a Lambda MSK event source mapping with IAM auth needs on top of consuming (Lambda
   * developer guide, MSK cluster authentication): reading the cluster's dynamic configuration. The
   * control-plane calls (kafka:DescribeClusterV2, kafka:GetBootstrapBrokers, VPC describes) come
   * with AWSLambdaMSKExecutionRole.
   */
  public void grantEventSource(IGrantable grantee, List<String> topics, List<String> groups) {
    grantConsume(grantee, topics, groups);
    allow(
        grantee, List.of("kafka-cluster:DescribeClusterDynamicConfiguration"), List.of(clusterArn));
  }

  /**
   * Create and configure the pipeline's topics (the topics custom resource); never delete them.
   * Exactly the Admin calls KafkaTopicAdmin makes: createTopics, describeTopics, createPartitions,
   * describeConfigs and incrementalAlterConfigs on topics (metadata needs only Connect).
   */
  public void grantManageTopics(IGrantable grantee, List<String> topics) {
    allow(grantee, List.of("kafka-cluster:Connect"), List.of(clusterArn));
    allow(
        grantee,
        List.of(
            "kafka-cluster:CreateTopic",
            "kafka-cluster:DescribeTopic",
            "kafka-cluster:AlterTopic",
            "kafka-cluster:DescribeTopicDynamicConfiguration",
            "kafka-cluster:AlterTopicDynamicConfiguration"),
        topicArns(topics));
  }

  private List<String> topicArns(List<String> topics) {
    return topics.stream().map(this::topicArn).toList();
  }

  private static void allow(IGrantable grantee, List<String> actions, List<String> resources) {
    grantee
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(actions)
                .resources(resources)
                .build());
  }
}
