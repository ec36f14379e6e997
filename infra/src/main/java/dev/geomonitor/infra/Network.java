package dev.geomonitor.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The VPC: an "app" tier for Lambdas, EMR and Kafka (egress through NAT when configured, else
 * isolated) and an isolated "data" tier for PostgreSQL and OpenSearch. Endpoints let private
 * workloads reach AWS APIs without NAT.
 */
public final class Network extends Construct {
  static final String APP_TIER = "app";
  static final String DATA_TIER = "data";
  private static final String PUBLIC_TIER = "public";

  private final Vpc vpc;
  private final SecurityGroup workloads;
  private SecurityGroup endpoints;

  public Network(Construct scope, String id, InfraConfig config, IKey key) {
    super(scope, id);
    this.vpc = createVpc(config);
    this.workloads = createWorkloadSecurityGroup();
    createEndpoints(config);
    createFlowLog(config, key);
  }

  private Vpc createVpc(InfraConfig config) {
    int nat = config.network().natGateways();
    List<SubnetConfiguration> tiers = new ArrayList<>();
    if (nat > 0) {
      tiers.add(
          SubnetConfiguration.builder()
              .name(PUBLIC_TIER)
              .subnetType(SubnetType.PUBLIC)
              .cidrMask(24)
              .mapPublicIpOnLaunch(false)
              .build());
    }
    tiers.add(
        SubnetConfiguration.builder()
            .name(APP_TIER)
            .subnetType(nat > 0 ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED)
            .cidrMask(20)
            .build());
    tiers.add(
        SubnetConfiguration.builder()
            .name(DATA_TIER)
            .subnetType(SubnetType.PRIVATE_ISOLATED)
            .cidrMask(24)
            .build());
    return Vpc.Builder.create(this, "Vpc")
        .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
        .availabilityZones(config.network().availabilityZones())
        .natGateways(nat)
        .subnetConfiguration(tiers)
        .restrictDefaultSecurityGroup(true)
        .build();
  }

  private void createEndpoints(InfraConfig config) {
    vpc.addGatewayEndpoint(
        "S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build());
    this.endpoints = serviceSecurityGroup("EndpointsSg", "Interface VPC endpoints (HTTPS)", 443);
    for (String service : config.network().interfaceEndpoints()) {
      vpc.addInterfaceEndpoint(
          "Endpoint-" + service,
          InterfaceVpcEndpointOptions.builder()
              .service(new InterfaceVpcEndpointAwsService(service))
              .subnets(appSubnetsSelection())
              .privateDnsEnabled(true)
              .securityGroups(List.of(endpoints))
              .open(false)
              .build());
    }
  }

  private void createFlowLog(InfraConfig config, IKey key) {
    LogGroup flowLogs =
        LogGroup.Builder.create(this, "FlowLogs")
            .retention(LogRetention.of(config.network().flowLogRetentionDays()))
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    vpc.addFlowLog(
        "FlowLog",
        FlowLogOptions.builder()
            .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
            .trafficType(FlowLogTrafficType.ALL)
            .build());
  }

  private SecurityGroup createWorkloadSecurityGroup() {
    return SecurityGroup.Builder.create(this, "Workloads")
        .vpc(vpc)
        .description("Lambdas, EMR Serverless workers and deploy handlers of the pipeline")
        .allowAllOutbound(true)
        .build();
  }

  /** A security group for a data service that accepts the pipeline's workloads on one TCP port. */
  public SecurityGroup serviceSecurityGroup(String id, String description, int port) {
    SecurityGroup group =
        SecurityGroup.Builder.create(this, id)
            .vpc(vpc)
            .description(description)
            .allowAllOutbound(false)
            .build();
    group.addIngressRule(
        Peer.securityGroupId(workloads.getSecurityGroupId()), Port.tcp(port), "pipeline workloads");
    return group;
  }

  /**
   * Security group of the interface endpoints: other callers (the MSK event source's pollers) are
   * added here.
   */
  public SecurityGroup endpoints() {
    return endpoints;
  }

  public Vpc vpc() {
    return vpc;
  }

  public SecurityGroup workloads() {
    return workloads;
  }

  public SubnetSelection appSubnetsSelection() {
    return SubnetSelection.builder().subnetGroupName(APP_TIER).build();
  }

  public SubnetSelection dataSubnetsSelection() {
    return SubnetSelection.builder().subnetGroupName(DATA_TIER).build();
  }

  /**
   * The first {@code count} data subnets (one per zone): OpenSearch takes exactly one subnet per
   * zone it spans.
   */
  public SubnetSelection dataSubnetsSelection(int count) {
    return SubnetSelection.builder()
        .subnets(vpc.selectSubnets(dataSubnetsSelection()).getSubnets().subList(0, count))
        .build();
  }

  /** One data subnet: a single OpenSearch data node must live in exactly one subnet. */
  public SubnetSelection firstDataSubnetSelection() {
    return SubnetSelection.builder()
        .subnets(List.of(vpc.selectSubnets(dataSubnetsSelection()).getSubnets().get(0)))
        .build();
  }

  public List<String> appSubnetIds() {
    return vpc.selectSubnets(appSubnetsSelection()).getSubnetIds();
  }
}
