package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerConfigTest {

  @Test
  void emptyEnvironmentGivesTheDocumentedDefaults() {
    ProducerConfig c = ProducerConfig.fromSettings(Map.of());

    assertThat(c.apiBaseUrl()).hasToString("http://localhost:8080");
    assertThat(c.endpoints()).containsExactly("/params/all/");
    assertThat(c.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(c.kafka().iamAuth()).isFalse();
    assertThat(c.topics().raw()).isEqualTo("monitoring.raw");
    assertThat(c.topics().dlq()).isEqualTo("monitoring.dlq");
    assertThat(c.pollsPerInvocation()).isEqualTo(4);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.retry().maxAttempts()).isEqualTo(4);
  }

  @Test
  void everySettingIsReadFromItsVariable() {
    ProducerConfig c =
        ProducerConfig.fromSettings(
            Map.ofEntries(
                Map.entry("API_BASE_URL", "https://api.example.com/prod"),
                Map.entry("API_ENDPOINTS", "/params/water_standpipe/, /params/pore_pressure/"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "b-1.msk:9098"),
                Map.entry("KAFKA_AUTH", "IAM"),
                Map.entry("TOPIC_RAW", "t.raw"),
                Map.entry("TOPIC_DLQ", "t.dlq"),
                Map.entry("POLLS_PER_INVOCATION", "6"),
                Map.entry("POLL_INTERVAL", "PT10S"),
                Map.entry("HTTP_CONNECT_TIMEOUT", "PT0.5S"),
                Map.entry("HTTP_READ_TIMEOUT", "PT3S"),
                Map.entry("HTTP_MAX_ATTEMPTS", "2"),
                Map.entry("HTTP_RETRY_AFTER_MAX", "PT1.5S"),
                Map.entry("LAMBDA_SAFETY_MARGIN", "PT2.5S")));

    assertThat(c.apiBaseUrl()).hasToString("https://api.example.com/prod");
    assertThat(c.endpoints()).containsExactly("/params/water_standpipe/", "/params/pore_pressure/");
    assertThat(c.kafka().bootstrapServers()).isEqualTo("b-1.msk:9098");
    assertThat(c.kafka().iamAuth()).isTrue();
    assertThat(c.topics().raw()).isEqualTo("t.raw");
    assertThat(c.topics().dlq()).isEqualTo("t.dlq");
    assertThat(c.pollsPerInvocation()).isEqualTo(6);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.retry().maxAttempts()).isEqualTo(2);
    assertThat(c.retry().maxRetryAfter()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.safetyMargin()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void aBadNumberNamesTheVariableAndTheExpectedForm() {
    assertThatThrownBy(() -> ProducerConfig.fromSettings(Map.of("POLL_INTERVAL", "15s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("POLL_INTERVAL")
        .hasMessageContaining("ISO-8601 duration")
        .hasMessageContaining("15s");
    assertThatThrownBy(() -> ProducerConfig.fromSettings(Map.of("POLLS_PER_INVOCATION", "0")))
        .hasMessageContaining("POLLS_PER_INVOCATION");
  }

  @Test
  void aBadBooleanOrUrlOrPathIsRefusedWithTheVariableName() {
    assertThatThrownBy(() -> ProducerConfig.fromSettings(Map.of("KAFKA_AUTH", "yes")))
        .hasMessageContaining("KAFKA_AUTH='yes' is not one of none | iam");
    assertThatThrownBy(() -> ProducerConfig.fromSettings(Map.of("API_BASE_URL", "localhost:8080")))
        .hasMessageContaining("API_BASE_URL");
    assertThatThrownBy(() -> ProducerConfig.fromSettings(Map.of("API_ENDPOINTS", "params/all/")))
        .hasMessageContaining("API_ENDPOINTS");
  }

  @Test
  void deliveryTimeoutShorterThanLingerPlusRequestTimeoutIsRefused() {
    assertThatThrownBy(
            () ->
                ProducerConfig.fromSettings(
                    Map.of("KAFKA_DELIVERY_TIMEOUT", "PT1S", "KAFKA_REQUEST_TIMEOUT", "PT5S")))
        .hasMessageContaining("KAFKA_DELIVERY_TIMEOUT");
  }

  @Test
  void theDeclaredKafkaDefaultsAreTheRawReadingsTuningTheBenchMeasures() {
    assertThat(ProducerConfig.fromSettings(Map.of()).kafka().tuning())
        .isEqualTo(dev.geomonitor.platform.kafka.ProducerTuning.RAW_READINGS);
  }
}
