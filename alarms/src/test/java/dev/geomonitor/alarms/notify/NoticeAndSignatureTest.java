package dev.geomonitor.alarms.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.domain.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NoticeAndSignatureTest {

  @Test
  void theSignatureIsTheHmacSha256OfTimestampDotBodyAsOpensslComputesIt() {
    // Given: printf '%s' '1764979200.{"message":"RAISE","alarm_id":12}' | openssl dgst -sha256
    // -hmac '<secret>'
    String expected = "7b469fb008b2a940a4c8c2775ae54d63319cf611aa3a4b771f23c9633f0c7607";

    // When
    String signature =
        WebhookChannel.sign(
            "a-long-shared-secret-for-tests".getBytes(StandardCharsets.UTF_8),
            "1764979200",
            "{\"message\":\"RAISE\",\"alarm_id\":12}".getBytes(StandardCharsets.UTF_8));

    // Then
    assertThat(signature).isEqualTo(expected);
  }

  @Test
  void aShortOrMissingSecretIsRefusedWithTheSettingToFix() {
    assertThatThrownBy(() -> new WebhookChannel("short", Duration.ofSeconds(1), Clock.systemUTC()))
        .hasMessageContaining("WEBHOOK_SECRET")
        .hasMessageContaining("16");
  }

  @Test
  void theEmailSaysWhatWhereHowMuchAndHowToAcknowledge() throws Exception {
    // Given
    String json =
        "{\"message\":\"ESCALATE\",\"alarm_id\":12,\"kind\":\"LEVEL\",\"level\":\"ACTION\","
            + "\"escalation_step\":1,\"state\":\"RAISED\",\"instrument\":\"water_standpipe\",\"borehole_number\":\"BH-9037\","
            + "\"series\":\"water_standpipe:BH-9037\",\"current_status\":\"ACTION\",\"value\":89.1,\"unit\":\"m AHD\","
            + "\"late\":false,\"raised_at\":\"2026-11-25T08:00:01Z\",\"reading_ts\":\"2026-11-25T07:59:58Z\"}";
    Notice notice =
        new Notice(Json.MAPPER.readTree(json), json, URI.create("http://127.0.0.1:8080/"));

    // Then
    assertThat(notice.subject())
        .isEqualTo(
            "[ACTION] water_standpipe BH-9037: not acknowledged, escalation step 1 (alarm 12)");
    assertThat(notice.text())
        .contains("Value:        89.1 m AHD")
        .contains("Reading time: 2026-11-25T07:59:58Z")
        .contains("http://127.0.0.1:8080/api/alarms/12/acknowledge");
  }

  @Test
  void retriesWaitLongerEachTimeUpToAnHour() {
    NotificationDispatcher.RetryPolicy retry =
        new NotificationDispatcher.RetryPolicy(8, Duration.ofSeconds(15));
    assertThat(retry.waitAfter(1)).isEqualTo(Duration.ofSeconds(15));
    assertThat(retry.waitAfter(2)).isEqualTo(Duration.ofSeconds(30));
    assertThat(retry.waitAfter(5)).isEqualTo(Duration.ofMinutes(4));
    assertThat(retry.waitAfter(30)).isEqualTo(Duration.ofHours(1));
  }
}
