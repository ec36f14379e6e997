package dev.geomonitor.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.alarms.notify.Channel;
import dev.geomonitor.alarms.notify.NotificationRoutes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlarmsFileTest {
  private static final String SITE =
      """
      {"clear_hold": "PT30M", "rate_limit": {"max_messages": 4, "per": "PT2H"}, "flatline_count": 12,
       "stale": {"types": {"piezometer": "PT30M"}, "instruments": {"water_standpipe:BH-9037": "P7D"}},
       "rate": {"types": {"settlement_marker": {"change": 5.0, "within": "P1D", "clear_below": 3.0}},
                "instruments": {"settlement_marker:SM-104": {"change": 2.0, "within": "PT12H"}}},
       "groups": {"site-engineers": {"email": ["eng@site.test"], "webhooks": ["https://hooks.site.test/a"]},
                  "pm": {"email": ["pm@site.test"]}, "director": {"email": ["dir@site.test"]}},
       "levels": {"ALARM": {"ack_within": "PT30M", "notify": ["site-engineers"], "escalate": [["pm"], ["director"]]}}}
      """;

  @Test
  void aSiteFileSetsDeadlinesEscalationStepsRecipientsAndIntervals() {
    // When
    AlarmsFile file = AlarmsFile.parse(SITE, "site.json");

    // Then
    assertThat(file.policy().level("ALARM"))
        .isEqualTo(new AlarmPolicy.LevelPolicy(Duration.ofMinutes(30), 2));
    assertThat(file.policy().clearHold()).isEqualTo(Duration.ofMinutes(30));
    assertThat(file.policy().flatlineCount()).isEqualTo(12);
    assertThat(file.policy().stale().intervalOf("water_standpipe", "BH-9037"))
        .contains(Duration.ofDays(7));
    assertThat(file.policy().stale().intervalOf("piezometer", "VWP-1"))
        .contains(Duration.ofMinutes(30));
    assertThat(file.policy().stale().intervalOf("water_standpipe", "BH-1")).isEmpty();
    assertThat(file.rateLimit()).isEqualTo(new RateLimit(4, Duration.ofHours(2)));
    assertThat(file.policy().rates().ruleFor("settlement_marker", "SM-1"))
        .contains(new RateTriggers.Rule(5.0, Duration.ofDays(1), 3.0));
    assertThat(file.policy().rates().ruleFor("settlement_marker", "SM-104"))
        .contains(new RateTriggers.Rule(2.0, Duration.ofHours(12), 2.0));
    assertThat(file.routes().targets("RAISE", "ALARM", 0, 0))
        .containsExactly(
            new NotificationRoutes.Target(Channel.Kind.EMAIL, "eng@site.test"),
            new NotificationRoutes.Target(Channel.Kind.WEBHOOK, "https://hooks.site.test/a"));
    assertThat(file.routes().targets("ESCALATE", "ALARM", 2, 2))
        .containsExactly(new NotificationRoutes.Target(Channel.Kind.EMAIL, "dir@site.test"));
    assertThat(file.routes().targets("ALL_CLEAR", "ALARM", 0, 1))
        .extracting(NotificationRoutes.Target::address)
        .containsExactly("eng@site.test", "https://hooks.site.test/a", "pm@site.test");
  }

  @Test
  void theBuiltInDefaultsNotifyNobodyAndWatchEveryInstrumentType() {
    AlarmsFile defaults = AlarmsFile.defaults();
    assertThat(defaults.routes().usesEmail()).isFalse();
    assertThat(defaults.policy().level("ACTION").ackWithin()).isEqualTo(Duration.ofMinutes(15));
    assertThat(defaults.policy().stale().intervalOf("piezometer", "VWP-1"))
        .contains(Duration.ofHours(1));
  }

  @Test
  void mistakesAreNamedWithTheFieldAndWhatToWrite() {
    assertThatThrownBy(
            () ->
                AlarmsFile.parse(
                    "{\"levels\": {\"ALARM\": {\"ack_within\": \"30 minutes\"}}}", "f.json"))
        .hasMessageContaining("f.json")
        .hasMessageContaining("levels.ALARM.ack_within")
        .hasMessageContaining("PT15M");
    assertThatThrownBy(
            () ->
                AlarmsFile.parse(
                    "{\"levels\": {\"ALARM\": {\"ack_within\": \"PT1H\", \"notify\": [\"nobody\"]}}}",
                    "f.json"))
        .hasMessageContaining("group 'nobody'");
    assertThatThrownBy(
            () -> AlarmsFile.parse("{\"levels\": {\"RED\": {\"ack_within\": \"PT1H\"}}}", "f.json"))
        .hasMessageContaining("levels.RED is not a level");
    assertThatThrownBy(
            () ->
                AlarmsFile.parse(
                    "{\"rate\": {\"types\": {\"extensometer\": {\"change\": 2, \"within\": \"P1D\", \"clear_below\": 3}}}}",
                    "f.json"))
        .hasMessageContaining("rate.types.extensometer")
        .hasMessageContaining("clear_below");
    assertThatThrownBy(() -> AlarmsFile.parse("{\"clear_hould\": \"PT1H\"}", "f.json"))
        .hasMessageContaining("unknown field clear_hould");
  }
}
