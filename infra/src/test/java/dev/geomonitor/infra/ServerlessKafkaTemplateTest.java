package dev.geomonitor.infra;

import static dev.geomonitor.infra.TemplateQueries.properties;
import static dev.geomonitor.infra.TemplateQueries.refs;
import static dev.geomonitor.infra.TemplateQueries.resources;
import static dev.geomonitor.infra.TemplateQueries.subnetsOfType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The MSK Serverless path (kafka.mode=SERVERLESS, dev's default until dev moved to two small
 * provisioned brokers): the claims the dev tests made about it, on a dev stack synthesized with
 * that mode.
 */
class ServerlessKafkaTemplateTest {
  private static Template template;

  @BeforeAll
  static void synthesize() {
    template = SynthesizedStacks.of(SynthesizedStacks.DEV_SERVERLESS).template();
  }

  @Test
  void mskServerlessAuthenticatesWithIamOnly() {
    template.hasResourceProperties(
        "AWS::MSK::ServerlessCluster",
        Map.of("ClientAuthentication", Map.of("Sasl", Map.of("Iam", Map.of("Enabled", true)))));
  }

  @Test
  void mskServerlessLivesInTheAppSubnets() {
    var cluster =
        properties(resources(template, "AWS::MSK::ServerlessCluster").values().iterator().next());
    @SuppressWarnings("unchecked")
    var vpcConfig = ((List<Map<String, Object>>) cluster.get("VpcConfigs")).get(0);
    assertThat(refs(vpcConfig.get("SubnetIds"))).isEqualTo(subnetsOfType(template, "Private"));
  }

  @Test
  void sinkConsumesEachOutputTopicFromTheMskCluster() {
    var mappings =
        resources(template, "AWS::Lambda::EventSourceMapping").values().stream()
            .map(TemplateQueries::properties)
            .toList();
    assertThat(mappings).hasSize(3);
    assertThat(mappings.stream().map(m -> m.get("Topics")).toList())
        .containsExactlyInAnyOrder(
            List.of("monitoring.readings"),
            List.of("monitoring.aggregates"),
            List.of("monitoring.alerts"));
    String cluster = resources(template, "AWS::MSK::ServerlessCluster").keySet().iterator().next();
    mappings.forEach(
        m ->
            assertThat(m.get("EventSourceArn"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of(cluster, "Arn"))));
  }

  @Test
  void devServerlessClusterIsDeletedWithTheStackThatDestroysItsData() {
    // dev destroys its data (removalPolicy=DESTROY), so the serverless cluster goes with it
    template.hasResource("AWS::MSK::ServerlessCluster", Map.of("DeletionPolicy", "Delete"));
  }
}
