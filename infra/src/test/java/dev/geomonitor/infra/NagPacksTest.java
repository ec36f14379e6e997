package dev.geomonitor.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.PolicyViolation;

/**
 * cdk-nag 3.x is a validation plugin: validateScope returns findings (Annotations-based checks
 * would see nothing).
 */
class NagPacksTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod", SynthesizedStacks.DEV_SEARCH_RETENTION})
  void awsSolutionsPackReportsNoUnacknowledgedFindings(String env) {
    // Given the synthesized stack of the environment
    var stack = SynthesizedStacks.of(env).stack();

    // When the AwsSolutions pack checks it
    List<PolicyViolation> violations =
        new AwsSolutionsChecks().validateScope(stack).getViolations();

    // Then nothing is left that the acknowledgements do not cover
    assertThat(describe(violations)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod", SynthesizedStacks.DEV_SEARCH_RETENTION})
  void nist80053R5PackReportsNoUnacknowledgedFindings(String env) {
    var stack = SynthesizedStacks.of(env).stack();

    List<PolicyViolation> violations = new NIST80053R5Checks().validateScope(stack).getViolations();

    assertThat(describe(violations)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
  void everyAcknowledgementHidesAFindingTheBareStackReally(String env) {
    // Given the same environment without acknowledgements, checked by both packs
    var bare = SynthesizedStacks.bare(env);
    Set<String> findings = new HashSet<>();
    for (var violation : new AwsSolutionsChecks().validateScope(bare).getViolations()) {
      findings.add(violation.getRuleName());
    }
    for (var violation : new NIST80053R5Checks().validateScope(bare).getViolations()) {
      findings.add(violation.getRuleName());
    }
    var synthesized = SynthesizedStacks.of(env);

    // Then every acknowledgement that applies to the environment names one of those findings
    // exactly
    List<String> applicable =
        NagAcknowledgements.entries(synthesized.stack()).stream()
            .filter(e -> e.when().test(synthesized.config()))
            .map(NagAcknowledgements.Entry::id)
            .toList();
    assertThat(findings).containsAll(applicable);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
  void everyAcknowledgementNamesTheConstructsItCoversNeverTheWholeStack(String env) {
    var synthesized = SynthesizedStacks.of(env);

    var wholeStack =
        NagAcknowledgements.entries(synthesized.stack()).stream()
            .filter(e -> e.when().test(synthesized.config()))
            .filter(e -> e.path().isEmpty())
            .map(NagAcknowledgements.Entry::id)
            .toList();

    assertThat(wholeStack).isEmpty();
  }

  private static List<String> describe(List<PolicyViolation> violations) {
    return violations.stream()
        .flatMap(
            v ->
                v.getViolatingResources().stream()
                    .map(
                        r ->
                            v.getRuleName()
                                + " @ "
                                + r.getConstructPath()
                                + " : "
                                + v.getDescription()))
        .collect(Collectors.toList());
  }
}
