package dev.geomonitor.infra;

import static dev.geomonitor.infra.TemplateQueries.properties;
import static dev.geomonitor.infra.TemplateQueries.resources;
import static dev.geomonitor.infra.TemplateQueries.subnetsOfType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The people's route in: a Session Manager host that reaches Dashboards and PostgreSQL and nothing
 * reaches.
 */
class AccessTemplateTest {
  private static Template template;
  private static PipelineStack stack;

  @BeforeAll
  static void synthesize() {
    var synthesized = SynthesizedStacks.of("dev");
    template = synthesized.template();
    stack = synthesized.stack();
  }

  private static String logicalId(software.constructs.IConstruct construct) {
    return stack
        .resolve(stack.getLogicalId((CfnResource) construct.getNode().getDefaultChild()))
        .toString();
  }

  private static Map<String, Object> instance() {
    var instances = resources(template, "AWS::EC2::Instance");
    assertThat(instances).hasSize(1);
    return properties(instances.values().iterator().next());
  }

  @Test
  void hostSitsInAPrivateSubnetWithoutPublicAddress() {
    assertThat(subnetsOfType(template, "Private"))
        .contains((String) ((Map<?, ?>) instance().get("SubnetId")).get("Ref"));
    assertThat(instance()).doesNotContainKey("NetworkInterfaces");
  }

  @Test
  void hostIsManagedBySessionManagerWithImdsV2() {
    assertThat(
            String.valueOf(
                resources(template, "AWS::IAM::Role").values().stream()
                    .map(TemplateQueries::properties)
                    .filter(
                        p ->
                            String.valueOf(p.get("AssumeRolePolicyDocument"))
                                .contains("ec2.amazonaws.com"))
                    .toList()))
        .contains("AmazonSSMManagedInstanceCore");
    template.hasResourceProperties(
        "AWS::EC2::LaunchTemplate",
        Map.of(
            "LaunchTemplateData",
            Match.objectLike(Map.of("MetadataOptions", Map.of("HttpTokens", "required")))));
  }

  @Test
  void hostUsesTheWorkloadSecurityGroupThatDashboardsAndPostgresAdmit() {
    String workloads = logicalId(stack.network().workloads());
    assertThat(String.valueOf(instance().get("SecurityGroupIds"))).contains(workloads);
    for (int port : List.of(443, 5432)) {
      template.hasResourceProperties(
          "AWS::EC2::SecurityGroup",
          Map.of(
              "SecurityGroupIngress",
              Match.arrayWith(
                  List.of(
                      Match.objectLike(
                          Map.of(
                              "FromPort",
                              port,
                              "SourceSecurityGroupId",
                              Map.of("Fn::GetAtt", List.of(workloads, "GroupId"))))))));
    }
  }

  @Test
  void hostAcceptsNoInboundTraffic() {
    String workloads = logicalId(stack.network().workloads());
    var group = properties(resources(template, "AWS::EC2::SecurityGroup").get(workloads));
    assertThat(group).doesNotContainKey("SecurityGroupIngress");
    assertThat(
            resources(template, "AWS::EC2::SecurityGroupIngress").values().stream()
                .map(TemplateQueries::properties)
                .filter(p -> String.valueOf(p.get("GroupId")).contains(workloads)))
        .isEmpty();
  }

  @Test
  void stackOutputsThePortForwardingCommands() {
    template.hasOutput("AccessInstanceId", Match.anyValue());
    assertThat(String.valueOf(template.findOutputs("DashboardsTunnelCommand", Match.anyValue())))
        .contains("AWS-StartPortForwardingSessionToRemoteHost")
        .contains("portNumber=443,localPortNumber=8443");
    assertThat(String.valueOf(template.findOutputs("DatabaseTunnelCommand", Match.anyValue())))
        .contains("portNumber=5432,localPortNumber=15432");
  }
}
