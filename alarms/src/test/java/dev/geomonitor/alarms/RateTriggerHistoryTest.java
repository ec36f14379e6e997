package dev.geomonitor.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateTriggerHistoryTest {
  private static final Instant T = Instant.parse("2026-12-07T00:00:00Z");
  private static final RateTriggers.Rule FILE_TYPE =
      new RateTriggers.Rule(5.0, Duration.ofDays(1), 3.0);
  private static final RateTriggers.Rule FILE_SM104 =
      new RateTriggers.Rule(2.0, Duration.ofHours(12), 2.0);
  private static final RateTriggers FILE =
      new RateTriggers(
          Map.of("settlement_marker", FILE_TYPE), Map.of("settlement_marker:SM-104", FILE_SM104));

  private static RateTriggers.Rule rule(double change) {
    return new RateTriggers.Rule(change, Duration.ofDays(1), change / 2);
  }

  private static RateTriggerVersion version(
      long id, String borehole, RateTriggers.Rule rule, Instant effectiveFrom) {
    return new RateTriggerVersion(
        id,
        "settlement_marker",
        borehole,
        rule,
        effectiveFrom,
        "j.smith",
        effectiveFrom.minus(Duration.ofHours(1)),
        "test");
  }

  @Test
  void withoutVersionsTheFileDecidesAnInstrumentsOwnRuleBeforeItsTypes() {
    RateTriggerHistory history = RateTriggerHistory.of(FILE);

    assertThat(history.ruleAt("settlement_marker", "SM-104", T)).contains(FILE_SM104);
    assertThat(history.ruleAt("settlement_marker", "SM-1", T)).contains(FILE_TYPE);
    assertThat(history.ruleAt("piezometer", "VWP-1", T)).isEmpty();
  }

  @Test
  void aVersionAppliesFromItsEffectiveFromInEventTimeAndNotBefore() {
    RateTriggerHistory history =
        RateTriggerHistory.of(FILE, List.of(version(1, null, rule(2.0), T)));

    assertThat(history.ruleAt("settlement_marker", "SM-1", T.minusMillis(1))).contains(FILE_TYPE);
    assertThat(history.ruleAt("settlement_marker", "SM-1", T)).contains(rule(2.0));
    assertThat(history.ruleAt("settlement_marker", "SM-1", T.plus(Duration.ofDays(300))))
        .contains(rule(2.0));
  }

  @Test
  void anInstrumentsVersionBeatsItsTypesVersionWhateverTheirOrder() {
    RateTriggerHistory history =
        RateTriggerHistory.of(
            FILE,
            List.of(
                version(1, "SM-1", rule(10.0), T),
                version(2, null, rule(2.0), T.plus(Duration.ofHours(1)))));

    assertThat(history.ruleAt("settlement_marker", "SM-1", T.plus(Duration.ofHours(2))))
        .contains(rule(10.0));
    assertThat(history.ruleAt("settlement_marker", "SM-2", T.plus(Duration.ofHours(2))))
        .contains(rule(2.0));
    assertThat(history.inForceAt("settlement_marker", "SM-1", T).source())
        .isEqualTo("rate version 1");
    assertThat(history.inForceAt("settlement_marker", "SM-2", T).source()).isEqualTo("alarms file");
  }

  @Test
  void theFilesRuleForOneInstrumentBeatsALaterTypeVersionAsForTheReviewLevels() {
    RateTriggerHistory history =
        RateTriggerHistory.of(FILE, List.of(version(1, null, rule(2.0), T)));

    assertThat(history.ruleAt("settlement_marker", "SM-104", T.plusSeconds(1)))
        .contains(FILE_SM104);
  }

  @Test
  void amongVersionsOfOneScopeTheLatestEffectiveFromWinsThenTheLatestAdded() {
    RateTriggerHistory history =
        RateTriggerHistory.of(
            FILE,
            List.of(
                version(3, null, rule(4.0), T),
                version(1, null, rule(8.0), T.plus(Duration.ofHours(2))),
                version(2, null, rule(6.0), T)));

    assertThat(history.ruleAt("settlement_marker", "SM-1", T.plus(Duration.ofHours(1))))
        .contains(rule(4.0));
    assertThat(history.ruleAt("settlement_marker", "SM-1", T.plus(Duration.ofHours(2))))
        .contains(rule(8.0));
  }

  @Test
  void aVersionWithoutARuleSwitchesItsScopeOffFromItsEffectiveFrom() {
    RateTriggerHistory history =
        RateTriggerHistory.of(
            FILE,
            List.of(
                version(1, "SM-7", null, T), version(2, null, null, T.plus(Duration.ofHours(1)))));

    assertThat(history.ruleAt("settlement_marker", "SM-7", T.minusSeconds(1))).contains(FILE_TYPE);
    assertThat(history.ruleAt("settlement_marker", "SM-7", T)).isEmpty();
    assertThat(history.ruleAt("settlement_marker", "SM-1", T)).contains(FILE_TYPE);
    assertThat(history.ruleAt("settlement_marker", "SM-1", T.plus(Duration.ofHours(1)))).isEmpty();
    assertThat(history.ruleAt("settlement_marker", "SM-104", T.plus(Duration.ofHours(1))))
        .contains(FILE_SM104);
  }

  @Test
  void isEmptyOnlyWhenNoInstrumentCanEverHaveATrigger() {
    assertThat(RateTriggerHistory.of(RateTriggers.NONE).isEmpty()).isTrue();
    assertThat(
            RateTriggerHistory.of(RateTriggers.NONE, List.of(version(1, "SM-7", null, T)))
                .isEmpty())
        .isTrue();
    assertThat(
            RateTriggerHistory.of(RateTriggers.NONE, List.of(version(1, null, rule(2.0), T)))
                .isEmpty())
        .isFalse();
    assertThat(RateTriggerHistory.of(FILE).isEmpty()).isFalse();
  }
}
