package dev.geomonitor.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.platform.settings.SettingValues;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
  private static final KafkaConnection IAM = new KafkaConnection("b-1:9098", KafkaAuth.IAM, null);

  @Test
  void kafkaAuthIamSwitchesEveryClientToSaslSslWithTheMskModule() {
    KafkaConnection connection =
        KafkaConnection.from(
            SettingValues.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b-1:9098", "KAFKA_AUTH", "iam")));

    for (Properties p :
        new Properties[] {
          KafkaClients.producer(connection, ProducerTuning.KAFKA_DEFAULTS, StringSerializer.class),
          KafkaClients.consumer(connection, "g"),
          KafkaClients.admin(connection, Duration.ofSeconds(5), null)
        }) {
      assertThat(p)
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
          .containsEntry(
              "sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;")
          .containsEntry(
              "sasl.client.callback.handler.class",
              "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    }
    assertThat(KafkaClients.sparkSource(connection, "raw", "earliest", 10, Optional.of("g")))
        .containsEntry("kafka.security.protocol", "SASL_SSL")
        .containsEntry("kafka.group.id", "g")
        .containsEntry("failOnDataLoss", "true");
  }

  @Test
  void aPlainBrokerGetsNoSecuritySettingsAndAnUnknownAuthIsRefused() {
    assertThat(KafkaConnection.plain("127.0.0.1:9092").properties())
        .containsOnlyKeys("bootstrap.servers");
    assertThatThrownBy(
            () ->
                KafkaConnection.from(
                    SettingValues.of(
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:1", "KAFKA_AUTH", "AWS_MSK_IAM"))))
        .hasMessageContaining("KAFKA_AUTH='AWS_MSK_IAM' is not one of none | iam");
  }

  @Test
  void everyProducerIsIdempotentAndAcknowledgedByAllReplicas() {
    Properties p =
        KafkaClients.producer(IAM, ProducerTuning.KAFKA_DEFAULTS, StringSerializer.class);

    assertThat(p)
        .containsEntry("enable.idempotence", true)
        .containsEntry("acks", "all")
        .doesNotContainKeys("linger.ms", "compression.type");
    assertThat(KafkaClients.producer(IAM, ProducerTuning.RAW_READINGS, StringSerializer.class))
        .containsEntry("compression.type", "lz4")
        .containsEntry("linger.ms", 10);
  }

  @Test
  void aDeliveryTimeoutShorterThanLingerPlusRequestIsRefused() {
    assertThatThrownBy(
            () ->
                ProducerTuning.builder()
                    .requestTimeout(Duration.ofSeconds(5))
                    .deliveryTimeout(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("KAFKA_DELIVERY_TIMEOUT");
  }

  @Test
  void theMskCallbackHandlerNamedInTheSettingsIsOnTheClasspath() throws Exception {
    assertThat(Class.forName(IAM.properties().get("sasl.client.callback.handler.class")))
        .isNotNull();
  }
}
