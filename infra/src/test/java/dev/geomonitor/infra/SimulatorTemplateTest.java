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

/** The simulator is a dev tool: not public where it runs, absent in prod. One fact per test. */
class SimulatorTemplateTest {
  private static Template dev;
  private static Template prod;

  @BeforeAll
  static void synthesize() {
    dev = SynthesizedStacks.of("dev").template();
    prod = SynthesizedStacks.of("prod").template();
  }

  private static Map<String, Object> simulatorUrl() {
    var urls = resources(dev, "AWS::Lambda::Url");
    assertThat(urls).hasSize(1);
    return properties(urls.values().iterator().next());
  }

  @Test
  void devSimulatorUrlAcceptsOnlySignedRequests() {
    assertThat(simulatorUrl().get("AuthType")).isEqualTo("AWS_IAM");
  }

  @Test
  void devHasNoInvokePermissionForEveryone() {
    var open =
        resources(dev, "AWS::Lambda::Permission").values().stream()
            .map(TemplateQueries::properties)
            .filter(p -> "*".equals(p.get("Principal")))
            .toList();

    assertThat(open).isEmpty();
  }

  @Test
  void theProducerRoleMayInvokeTheSimulatorUrlAndNothingElseThroughAUrl() {
    String producerRole = roleOfHandler(dev, HandlerClasses.PRODUCER);
    List<Object> urlTargets =
        statementsOfRole(dev, producerRole).stream()
            .filter(s -> actions(s).contains("lambda:InvokeFunctionUrl"))
            .flatMap(s -> resourcesOf(s).stream())
            .toList();

    // The URL belongs to the simulator's alias (TargetFunctionArn + Qualifier): the grant names
    // that alias's ARN.
    @SuppressWarnings("unchecked")
    String function =
        (String)
            ((List<Object>)
                    ((Map<String, Object>) simulatorUrl().get("TargetFunctionArn"))
                        .get("Fn::GetAtt"))
                .get(0);
    String alias =
        resources(dev, "AWS::Lambda::Alias").entrySet().stream()
            .filter(
                e -> Map.of("Ref", function).equals(properties(e.getValue()).get("FunctionName")))
            .filter(
                e -> simulatorUrl().get("Qualifier").equals(properties(e.getValue()).get("Name")))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();

    assertThat(urlTargets).containsExactly(Map.of("Ref", alias));
  }

  @Test
  void noOtherRoleMayInvokeTheSimulatorUrl() {
    String producerRole = roleOfHandler(dev, HandlerClasses.PRODUCER);
    var others =
        resources(dev, "AWS::IAM::Policy").values().stream()
            .map(TemplateQueries::properties)
            .filter(p -> !TemplateQueries.refs(p.get("Roles")).contains(producerRole))
            .filter(
                p -> String.valueOf(p.get("PolicyDocument")).contains("lambda:InvokeFunctionUrl"))
            .toList();

    assertThat(others).isEmpty();
  }

  @Test
  void prodDeploysNoSimulatorAndPollsTheConfiguredApi() {
    assertThat(
            resources(prod, "AWS::Lambda::Function").values().stream()
                .map(TemplateQueries::properties)
                .filter(p -> HandlerClasses.SIMULATOR.equals(p.get("Handler"))))
        .isEmpty();
    prod.resourceCountIs("AWS::Lambda::Url", 0);
    assertThat(
            String.valueOf(functionWithHandler(prod, HandlerClasses.PRODUCER).get("Environment")))
        .contains("API_BASE_URL=" + SynthesizedStacks.EXAMPLE_API)
        .doesNotContain("API_AUTH");
  }

  @Test
  void theDevProducerSignsItsPollsOfTheSimulator() {
    // the URL admits SigV4 requests of the producer's role only, so the producer signs
    // (API_AUTH=sigv4)
    assertThat(String.valueOf(functionWithHandler(dev, HandlerClasses.PRODUCER).get("Environment")))
        .contains("API_AUTH=sigv4");
  }
}
