package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

  @Test
  void producerIsIdempotentWaitsForAllReplicasAndCompressesWithLz4() {
    Properties p = KafkaSettings.local("127.0.0.1:9092").producerProperties();

    assertThat(p)
        .containsEntry("enable.idempotence", true)
        .containsEntry("acks", "all")
        .containsEntry("compression.type", "lz4")
        .containsEntry("linger.ms", 10)
        .containsEntry("batch.size", 128 * 1024)
        .containsEntry("delivery.timeout.ms", 30_000);
  }

  @Test
  void plainBrokerGetsNoSecuritySettings() {
    Properties p = KafkaSettings.local("127.0.0.1:9092").producerProperties();

    assertThat(p).doesNotContainKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config");
  }

  @Test
  void iamAuthSwitchesOnSaslSslWithTheMskLoginModuleForProducerAndAdmin() {
    KafkaSettings iam =
        ProducerConfig.fromSettings(
                Map.of("KAFKA_AUTH", "iam", "KAFKA_BOOTSTRAP_SERVERS", "b-1:9098"))
            .kafka();

    for (Properties p : new Properties[] {iam.producerProperties(), iam.adminProperties()}) {
      assertThat(p)
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
          .containsEntry(
              "sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;")
          .containsEntry(
              "sasl.client.callback.handler.class",
              "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    }
  }

  @Test
  void theMskCallbackHandlerNamedInTheSettingsIsOnTheClasspath() throws Exception {
    KafkaSettings iam = ProducerConfig.fromSettings(Map.of("KAFKA_AUTH", "iam")).kafka();
    String handler = (String) iam.producerProperties().get("sasl.client.callback.handler.class");

    assertThat(Class.forName(handler)).isNotNull();
  }
}
