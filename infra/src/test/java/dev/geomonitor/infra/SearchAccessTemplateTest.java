package dev.geomonitor.infra;

import static dev.geomonitor.infra.TemplateQueries.actions;
import static dev.geomonitor.infra.TemplateQueries.functionWithHandler;
import static dev.geomonitor.infra.TemplateQueries.properties;
import static dev.geomonitor.infra.TemplateQueries.resources;
import static dev.geomonitor.infra.TemplateQueries.resourcesOf;
import static dev.geomonitor.infra.TemplateQueries.roleOfHandler;
import static dev.geomonitor.infra.TemplateQueries.statementsOfRole;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The sink writes OpenSearch as its own IAM role mapped in fine-grained access control, never as
 * the master user.
 */
class SearchAccessTemplateTest {
  private static Template template;
  private static PipelineStack stack;

  @BeforeAll
  static void synthesize() {
    var synthesized = SynthesizedStacks.of("dev");
    template = synthesized.template();
    stack = synthesized.stack();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sinkEnvironment() {
    var function = functionWithHandler(template, HandlerClasses.SEARCH_SINK);
    return (Map<String, Object>)
        ((Map<String, Object>) function.get("Environment")).get("Variables");
  }

  @Test
  void sinkSignsWithSigV4AndHasNoMasterCredentials() {
    assertThat(sinkEnvironment())
        .containsEntry("OPENSEARCH_AUTH", "sigv4")
        .containsEntry("OPENSEARCH_REGION", "ap-southeast-2")
        .doesNotContainKey("OPENSEARCH_SECRET_ARN");
  }

  @Test
  void sinkRoleCannotReadTheMasterUserSecret() {
    String role = roleOfHandler(template, HandlerClasses.SEARCH_SINK);
    String secret =
        stack
            .resolve(
                stack.getLogicalId(
                    (software.amazon.awscdk.CfnResource)
                        stack.search().masterUser().getNode().getDefaultChild()))
            .toString();
    assertThat(statementsOfRole(template, role))
        .noneSatisfy(s -> assertThat(String.valueOf(resourcesOf(s))).contains(secret));
  }

  @Test
  void sinkRoleMaySendHttpRequestsToTheDomainOnly() {
    String role = roleOfHandler(template, HandlerClasses.SEARCH_SINK);
    var es =
        statementsOfRole(template, role).stream()
            .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("es:")))
            .toList();
    assertThat(es).isNotEmpty();
    es.forEach(
        s ->
            assertThat(String.valueOf(resourcesOf(s)))
                .contains("SearchDomain")
                .doesNotContain("\"*\""));
  }

  @Test
  void searchSetupMapsTheSinksRoleInFineGrainedAccessControl() {
    String role = roleOfHandler(template, HandlerClasses.SEARCH_SINK);
    var setup =
        properties(resources(template, "Custom::GeomonitorSearchSetup").values().iterator().next());
    assertThat(setup.get("SinkRoleArn")).isEqualTo(Map.of("Fn::GetAtt", List.of(role, "Arn")));
  }
}
