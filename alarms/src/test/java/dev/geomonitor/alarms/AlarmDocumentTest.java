package dev.geomonitor.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.platform.settings.SettingValues;
import dev.geomonitor.searchsink.DocumentKind;
import dev.geomonitor.searchsink.IndexTemplates;
import dev.geomonitor.searchsink.SearchSinkConfig.AuthMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmDocumentTest {
  private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");

  private static Alarm acknowledgedAlarm() {
    Alarm alarm =
        Alarm.raise(
            "water_standpipe:BH-1",
            "water_standpipe",
            "BH-1",
            new Alarm.Crossing(TriggerStatus.ALARM, NOW, "a1", false, 88.1, "m AHD"),
            NOW,
            Alarm.Changes.none());
    alarm.id = 7;
    alarm.acknowledge("j.smith", "dipped", NOW.plus(Duration.ofMinutes(12)));
    return alarm;
  }

  @Test
  void everyFieldOfTheDocumentIsInTheAlarmsTemplate() {
    Map<String, Object> doc = AlarmDocument.of(acknowledgedAlarm(), 3, NOW);

    assertThat(IndexTemplates.fieldPaths(DocumentKind.ALARMS)).containsAll(doc.keySet());
    assertThat(doc)
        .containsEntry("alarm_id", 7L)
        .containsEntry("state", "ACKNOWLEDGED")
        .containsEntry("open", true)
        .containsEntry("revision", 3L)
        .containsEntry("raised_at", "2026-11-25T08:00:00Z");
  }

  @Test
  void secondsToAcknowledgeRunFromWhenTheAlarmReachedItsLevel() {
    assertThat(AlarmDocument.secondsToAcknowledge(acknowledgedAlarm())).isEqualTo(720L);
  }

  @Test
  void alarmsAreIndexedOnlyWhenAnOpenSearchUrlIsSet() {
    assertThat(AlarmConfig.defaults().search()).isNull();

    AlarmSearch search =
        AlarmConfig.from(
                SettingValues.of(
                    Map.of(
                        "OPENSEARCH_URL", "https://search.example.com",
                        "OPENSEARCH_AUTH", "sigv4",
                        "AWS_REGION", "ap-southeast-2",
                        "SINK_INDEX_PREFIX", "site1-")))
            .search();

    assertThat(search.connection().authMode()).isEqualTo(AuthMode.SIGV4);
    assertThat(search.connection().region()).isEqualTo("ap-southeast-2");
    assertThat(search.layout().alias(DocumentKind.ALARMS)).isEqualTo("site1-alarms");
  }

  @Test
  void signingWithoutARegionIsRefusedNamingTheSetting() {
    assertThatThrownBy(
            () ->
                AlarmConfig.from(
                    SettingValues.of(
                        Map.of(
                            "OPENSEARCH_URL", "https://search.example.com",
                            "OPENSEARCH_AUTH", "sigv4"))))
        .hasMessageContaining("OPENSEARCH_AUTH=sigv4 needs AWS_REGION");
  }
}
