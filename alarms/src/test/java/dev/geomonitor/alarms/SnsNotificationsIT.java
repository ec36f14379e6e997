package dev.geomonitor.alarms;

import static dev.geomonitor.alarms.SiteDatabase.alert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.alarms.notify.NotificationDispatcher;
import dev.geomonitor.alarms.notify.StubSns;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.embedded.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;

/** The processor as the notifier function runs it on AWS: every level's messages to its topic. */
@ExtendWith({TestServices.class, SiteDatabase.class})
class SnsNotificationsIT {
  private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
  private static final String ARN = "arn:aws:sns:ap-southeast-2:123456789012:geomonitor-alarms-";
  private static final Map<String, String> TOPICS =
      Map.of("ALERT", ARN + "ALERT", "ALARM", ARN + "ALARM", "ACTION", ARN + "ACTION");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
  private final StubSns sns = new StubSns();
  private final SnsClient client = sns.client();

  @AfterEach
  void stop() {
    client.close();
    sns.close();
  }

  private AlarmProcessor processor(SiteDatabase.Site site) {
    AlarmConfig config =
        AlarmConfig.defaults()
            .withTopics(TOPICS)
            .withRetry(new NotificationDispatcher.RetryPolicy(3, Duration.ofSeconds(10)));
    return AlarmRuntime.processor(config, site.dataSource(), clock, client);
  }

  @Test
  void eachLevelsMessagesArePublishedToItsTopicInOrderWithTheAllClear(SiteDatabase.Site site) {
    // Given: the built-in alarms file, which names no recipients
    AlarmProcessor processor = processor(site);
    site.writeAlerts(
        List.of(
            alert("BH-9037", T0, TriggerStatus.NORMAL, TriggerStatus.ALERT, 87.1),
            alert("BH-9037", T0.plusSeconds(60), TriggerStatus.ALERT, TriggerStatus.ACTION, 89.1)));

    // When
    processor.runOnce();
    site.writeAlerts(
        List.of(
            alert(
                "BH-9037", T0.plusSeconds(180), TriggerStatus.ACTION, TriggerStatus.NORMAL, 86.2)));
    processor.runOnce();
    clock.advance(Duration.ofHours(2));
    processor.runOnce();

    // Then: in order per topic (different recipients are sent to in parallel)
    assertThat(sns.published())
        .filteredOn(p -> p.topicArn().equals(ARN + "ACTION"))
        .extracting(p -> p.attribute("message"))
        .containsExactly("RAISE", "ALL_CLEAR");
    assertThat(sns.published())
        .filteredOn(p -> p.topicArn().equals(ARN + "ALERT"))
        .extracting(p -> p.attribute("message"))
        .containsExactly("RAISE");
    assertThat(
            site.count(
                "SELECT count(*) FROM monitoring.alarm_deliveries WHERE channel = 'SNS' AND status = 'SENT'"))
        .isEqualTo(3);
  }

  @Test
  void aPublishSnsFailsIsRetriedAfterTheBackoff(SiteDatabase.Site site) {
    // Given
    AlarmProcessor processor = processor(site);
    site.writeAlerts(List.of(alert("BH-1", T0, TriggerStatus.NORMAL, TriggerStatus.ALARM, 88.1)));
    sns.failNext(500);

    // When
    processor.runOnce();
    long pendingAfterFailure =
        site.count("SELECT count(*) FROM monitoring.alarm_deliveries WHERE status = 'PENDING'");
    clock.advance(Duration.ofSeconds(11));
    processor.runOnce();

    // Then
    assertThat(pendingAfterFailure).isEqualTo(1);
    assertThat(sns.published())
        .extracting(StubSns.Publish::topicArn)
        .containsExactly(ARN + "ALARM");
    assertThat(
            site.column(
                "SELECT status || ' ' || attempts FROM monitoring.alarm_deliveries WHERE channel = 'SNS'"))
        .containsExactly("SENT 2");
  }
}
