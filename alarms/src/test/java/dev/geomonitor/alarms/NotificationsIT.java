package dev.geomonitor.alarms;

import static dev.geomonitor.alarms.SiteDatabase.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.geomonitor.alarms.notify.EmailChannel;
import dev.geomonitor.alarms.notify.NotificationDispatcher;
import dev.geomonitor.alarms.notify.WebhookChannel;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.embedded.testing.TestServices;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith({TestServices.class, SiteDatabase.class})
class NotificationsIT {
  private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
  private static final String SECRET = "a-long-shared-secret-for-tests";

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
  private final WebhookReceiver receiver = new WebhookReceiver();

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private AlarmProcessor processor(SiteDatabase.Site site, String extraWebhook, int attempts) {
    String hooks =
        "\""
            + receiver.url("/hooks/site")
            + "\""
            + (extraWebhook == null ? "" : ", \"" + extraWebhook + "\"");
    AlarmsFile file =
        AlarmsFile.parse(
            """
        {"clear_hold": "PT15M", "rate_limit": {"max_messages": 6, "per": "PT1H"},
         "groups": {
           "site-engineers": {"email": ["engineer@site.test"], "webhooks": [%s]},
           "project-manager": {"email": ["pm@site.test"]}},
         "levels": {
           "ALERT": {"ack_within": "PT4H", "notify": ["site-engineers"]},
           "ALARM": {"ack_within": "PT30M", "notify": ["site-engineers"], "escalate": [["project-manager"]]},
           "ACTION": {"ack_within": "PT10M", "notify": ["site-engineers"], "escalate": [["project-manager"]]}}}
        """
                .formatted(hooks),
            "test");
    AlarmConfig config =
        AlarmConfig.defaults()
            .withAlarms(file)
            .withSmtp(
                new EmailChannel.SmtpSettings(
                    "127.0.0.1",
                    SMTP.getSmtp().getPort(),
                    "alarms@site.test",
                    null,
                    null,
                    false,
                    Duration.ofSeconds(5)))
            .withWebhookSecret(SECRET)
            .withRetry(new NotificationDispatcher.RetryPolicy(attempts, Duration.ofSeconds(10)))
            .withPageUrl(URI.create("http://monitoring.site.test/"));
    return AlarmRuntime.processor(config, site.dataSource(), clock);
  }

  @Test
  void aStandpipeThroughAlertAlarmActionAndBackIsMailedAndPostedInOrderWithTheAllClear(
      SiteDatabase.Site site) throws Exception {
    // Given
    AlarmProcessor processor = processor(site, null, 3);
    site.writeAlerts(
        List.of(
            alert("BH-9037", T0, TriggerStatus.NORMAL, TriggerStatus.ALERT, 87.1),
            alert("BH-9037", T0.plusSeconds(60), TriggerStatus.ALERT, TriggerStatus.ALARM, 88.1),
            alert(
                "BH-9037", T0.plusSeconds(120), TriggerStatus.ALARM, TriggerStatus.ACTION, 89.1)));

    // When
    processor.runOnce();
    site.writeAlerts(
        List.of(
            alert(
                "BH-9037", T0.plusSeconds(180), TriggerStatus.ACTION, TriggerStatus.NORMAL, 86.2)));
    processor.runOnce();
    clock.advance(Duration.ofMinutes(15));
    processor.runOnce();

    // Then: e-mail, in order, with the alarm's content
    assertThat(SMTP.waitForIncomingEmail(5000, 4)).isTrue();
    MimeMessage[] mail = SMTP.getReceivedMessages();
    assertThat(Arrays.stream(mail).map(NotificationsIT::subject))
        .containsExactly(
            "[ALERT] water_standpipe BH-9037: raised (alarm 1)",
            "[ALARM] water_standpipe BH-9037: raised (alarm 1)",
            "[ACTION] water_standpipe BH-9037: raised (alarm 1)",
            "[ACTION] water_standpipe BH-9037: all clear (alarm 1)");
    assertThat(mail[0].getRecipients(Message.RecipientType.TO)[0].toString())
        .isEqualTo("engineer@site.test");
    assertThat(GreenMailUtil.getBody(mail[2]))
        .contains("Value:        89.1 m AHD")
        .contains("http://monitoring.site.test/api/alarms/1/acknowledge");

    // Then: webhooks, in the same order, each signed
    List<WebhookReceiver.Received> posts = receiver.received();
    assertThat(posts)
        .extracting(
            p ->
                Json.MAPPER.readTree(p.body()).path("message").asText()
                    + " "
                    + Json.MAPPER.readTree(p.body()).path("level").asText())
        .containsExactly("RAISE ALERT", "RAISE ALARM", "RAISE ACTION", "ALL_CLEAR ACTION");
    for (WebhookReceiver.Received p : posts) {
      String expected =
          "sha256="
              + WebhookChannel.sign(
                  SECRET.getBytes(StandardCharsets.UTF_8),
                  p.header(WebhookChannel.TIMESTAMP_HEADER),
                  p.body().getBytes(StandardCharsets.UTF_8));
      assertThat(p.header(WebhookChannel.SIGNATURE_HEADER)).isEqualTo(expected);
      assertThat(p.header("Content-Type")).isEqualTo("application/json");
    }
    JsonNode raise = Json.MAPPER.readTree(posts.get(0).body());
    assertThat(raise.path("series").asText()).isEqualTo("water_standpipe:BH-9037");
    assertThat(raise.path("reading_ts").asText()).isEqualTo("2026-11-24T20:00:00Z");
    assertThat(site.count("SELECT count(*) FROM monitoring.alarm_deliveries WHERE status = 'SENT'"))
        .isEqualTo(8);
  }

  @Test
  void escalationMailsTheNextContactWhenNotAcknowledgedInTimeAndNotWhenAcknowledged(
      SiteDatabase.Site site) throws Exception {
    // Given
    AlarmProcessor processor = processor(site, null, 3);
    site.writeAlerts(
        List.of(
            alert("BH-A", T0, TriggerStatus.NORMAL, TriggerStatus.ALARM, 88.1),
            alert("BH-B", T0, TriggerStatus.NORMAL, TriggerStatus.ALARM, 88.1)));
    processor.runOnce();
    long b =
        Long.parseLong(
            site.column(
                    "SELECT alarm_id FROM monitoring.alarms WHERE series_key = 'water_standpipe:BH-B'")
                .get(0));

    // When
    clock.advance(Duration.ofMinutes(29));
    processor.store().acknowledge(b, "j.smith", "checking", clock.instant());
    clock.advance(Duration.ofMinutes(1));
    processor.runOnce();

    // Then
    assertThat(SMTP.waitForIncomingEmail(5000, 3)).isTrue();
    List<String> toPm =
        Arrays.stream(SMTP.getReceivedMessages())
            .filter(m -> recipient(m).equals("pm@site.test"))
            .map(NotificationsIT::subject)
            .toList();
    assertThat(toPm)
        .containsExactly(
            "[ALARM] water_standpipe BH-A: not acknowledged, escalation step 1 (alarm 1)");
  }

  @Test
  void aFailedDeliveryIsRetriedAndOneThatNeverSucceedsIsRecordedFailed(SiteDatabase.Site site) {
    // Given: the receiver fails twice; a second webhook points at a port nobody listens on
    String dead = "http://127.0.0.1:9/hooks/dead";
    AlarmProcessor processor = processor(site, dead, 3);
    receiver.answerNext(503, 500);
    site.writeAlerts(List.of(alert("BH-R", T0, TriggerStatus.NORMAL, TriggerStatus.ALERT, 87.1)));

    // When: passes as the backoff elapses (10 s, then 20 s)
    processor.runOnce();
    clock.advance(Duration.ofSeconds(10));
    processor.runOnce();
    clock.advance(Duration.ofSeconds(20));
    processor.runOnce();
    clock.advance(Duration.ofMinutes(5));
    processor.runOnce();

    // Then
    assertThat(receiver.received())
        .extracting(WebhookReceiver.Received::answered)
        .containsExactly(503, 500, 200);
    assertThat(
            site.column(
                "SELECT channel || ' ' || status || ' ' || attempts FROM monitoring.alarm_deliveries"
                    + " ORDER BY delivery_id"))
        .containsExactlyInAnyOrder("EMAIL SENT 1", "WEBHOOK FAILED 3", "WEBHOOK SENT 3");
    assertThat(
            site.column(
                    "SELECT last_error FROM monitoring.alarm_deliveries WHERE status = 'FAILED'")
                .get(0))
        .contains("webhook " + dead + " unreachable");
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String recipient(MimeMessage m) {
    try {
      return m.getRecipients(Message.RecipientType.TO)[0].toString();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
