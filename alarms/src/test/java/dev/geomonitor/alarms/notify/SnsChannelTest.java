package dev.geomonitor.alarms.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;

class SnsChannelTest {
  private static final String TOPIC =
      "arn:aws:sns:ap-southeast-2:123456789012:geomonitor-alarm-ACTION";

  private final StubSns stub = new StubSns();
  private final SnsClient client = stub.client();

  @AfterEach
  void stop() {
    client.close();
    stub.close();
  }

  private static Notice notice(String level, String instrument) throws Exception {
    String json =
        """
        {"message":"RAISE","alarm_id":42,"kind":"LEVEL","level":"%s","instrument":"%s",
         "borehole_number":"BH-9037","series":"water_standpipe:BH-9037","value":89.1,"unit":"m AHD",
         "current_status":"ACTION","state":"RAISED","raised_at":"2026-11-25T08:00:00Z"}
        """
            .formatted(level, instrument);
    JsonNode payload = Json.MAPPER.readTree(json);
    return new Notice(payload, json, URI.create("https://monitoring.site.test/"));
  }

  @Test
  void aNoticeIsPublishedToTheTopicSignedWithTheSubjectAndAttributes() throws Exception {
    // When
    new SnsChannel(client).send(7, TOPIC, notice("ACTION", "water_standpipe"));

    // Then
    assertThat(stub.published()).hasSize(1);
    StubSns.Publish p = stub.published().get(0);
    assertThat(p.topicArn()).isEqualTo(TOPIC);
    assertThat(p.form().get("Subject"))
        .isEqualTo("[ACTION] water_standpipe BH-9037: raised (alarm 42)");
    assertThat(p.form().get("MessageStructure")).isEqualTo("json");
    assertThat(p.attribute("alarm_id")).isEqualTo("42");
    assertThat(p.attribute("level")).isEqualTo("ACTION");
    assertThat(p.attribute("message")).isEqualTo("RAISE");
    assertThat(p.attribute("delivery_id")).isEqualTo("7");
    assertThat(p.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/");
  }

  @Test
  void smsSubscribersGetTheSubjectLineAndMachinesThePayload() throws Exception {
    // When
    new SnsChannel(client).send(7, TOPIC, notice("ACTION", "water_standpipe"));

    // Then
    JsonNode message = Json.MAPPER.readTree(stub.published().get(0).form().get("Message"));
    assertThat(message.path("sms").asText())
        .isEqualTo("[ACTION] water_standpipe BH-9037: raised (alarm 42)");
    assertThat(message.path("default").asText()).contains("Value:        89.1 m AHD");
    assertThat(message.path("email").asText())
        .contains("https://monitoring.site.test/api/alarms/42/acknowledge");
    assertThat(Json.MAPPER.readTree(message.path("sqs").asText()).path("alarm_id").asLong())
        .isEqualTo(42);
  }

  @Test
  void aSubjectIsCutToWhatSnsTakes() throws Exception {
    // When
    new SnsChannel(client).send(1, TOPIC, notice("ALARM", "x".repeat(150) + "\u00e9"));

    // Then
    String subject = stub.published().get(0).form().get("Subject");
    assertThat(subject).hasSize(SnsChannel.MAX_SUBJECT).startsWith("[ALARM] xxx");
    assertThat(SnsChannel.subject("d\u00e9j\u00e0\nvu")).isEqualTo("d?j??vu");
  }

  @Test
  void aTopicSnsRefusesIsADeliveryFailure() throws Exception {
    // Given
    stub.topicMissing(TOPIC);

    // When / Then
    assertThatThrownBy(() -> new SnsChannel(client).send(1, TOPIC, notice("ALERT", "w")))
        .isInstanceOf(DeliveryException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("Topic does not exist");
    assertThat(stub.published()).isEmpty();
  }
}
