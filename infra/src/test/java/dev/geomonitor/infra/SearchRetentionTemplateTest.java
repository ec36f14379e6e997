package dev.geomonitor.infra;

import static dev.geomonitor.infra.TemplateQueries.functionWithHandler;
import static dev.geomonitor.infra.TemplateQueries.resources;
import static dev.geomonitor.infra.TemplateQueries.roleOfHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retention of the search indexes by document time: the hourly function exists only when some kind
 * has a limit, runs the search sink's handler as the sink's role, and gets each kind's age.
 */
class SearchRetentionTemplateTest {
  private static final String VARIANT = SynthesizedStacks.DEV_SEARCH_RETENTION;

  @Test
  void withoutAnyRetentionNoRetentionFunctionIsDeployed() {
    var template = SynthesizedStacks.of("dev").template();

    assertThat(
            resources(template, "AWS::Lambda::Function").values().stream()
                .map(TemplateQueries::properties)
                .map(p -> p.get("Handler")))
        .doesNotContain(HandlerClasses.SEARCH_RETENTION);
  }

  @Test
  void withSomeRetentionTheFunctionRunsTheSearchSinkJarsHandler() {
    var function =
        functionWithHandler(
            SynthesizedStacks.of(VARIANT).template(), HandlerClasses.SEARCH_RETENTION);

    assertThat(function.get("Code"))
        .isEqualTo(
            functionWithHandler(
                    SynthesizedStacks.of(VARIANT).template(), HandlerClasses.SEARCH_SINK)
                .get("Code"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachKindGetsItsDaysAsADurationAndTheOthersForever() {
    var function =
        functionWithHandler(
            SynthesizedStacks.of(VARIANT).template(), HandlerClasses.SEARCH_RETENTION);
    var env =
        (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");

    assertThat(env)
        .containsEntry("SINK_RETENTION_READINGS", "PT720H")
        .containsEntry("SINK_RETENTION_DEAD_LETTERS", "PT168H")
        .containsEntry("SINK_RETENTION_AGGREGATES", "forever")
        .containsEntry("SINK_RETENTION_ALERTS", "forever")
        .containsEntry("OPENSEARCH_AUTH", "sigv4");
  }

  @Test
  void itSignsAsTheSinksRoleSoTheSinksAccessControlMappingCoversIt() {
    var template = SynthesizedStacks.of(VARIANT).template();

    assertThat(roleOfHandler(template, HandlerClasses.SEARCH_RETENTION))
        .isEqualTo(roleOfHandler(template, HandlerClasses.SEARCH_SINK));
  }

  @Test
  void anHourlyScheduleInvokesIt() {
    var template = SynthesizedStacks.of(VARIANT).template();

    assertThat(
            resources(template, "AWS::Events::Rule").values().stream()
                .map(TemplateQueries::properties)
                .map(p -> p.get("ScheduleExpression")))
        .contains("rate(1 hour)");
  }

  @Test
  void onlyOneInstanceRunsAtATime() {
    var function =
        functionWithHandler(
            SynthesizedStacks.of(VARIANT).template(), HandlerClasses.SEARCH_RETENTION);

    assertThat(function.get("ReservedConcurrentExecutions")).isEqualTo(1);
  }

  @Test
  void aNegativeRetentionIsRefusedNamingTheKnob() {
    assertThatThrownBy(
            () ->
                InfraConfigReader.read(
                    Map.of("env", "dev", "search.retention.alertsDays", "-1"),
                    SynthesizedStacks.TEST_ACCOUNT))
        .hasMessageContaining("search.retention.alertsDays");
  }

  @Test
  void devAndProdKeepEverythingByDefault() {
    for (String env : List.of("dev", "prod")) {
      assertThat(SynthesizedStacks.of(env).config().search().retention().any()).as(env).isFalse();
    }
  }
}
