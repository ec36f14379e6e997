package dev.geomonitor.producer;

import dev.geomonitor.platform.kafka.KafkaClients;
import dev.geomonitor.platform.kafka.KafkaConnection;
import dev.geomonitor.platform.kafka.ProducerTuning;
import dev.geomonitor.platform.kafka.RawReadingsProducer;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the producer needs to reach Kafka. The defaults suit a poll of a few thousand ~150-byte
 * readings that must be acknowledged well inside one Lambda invocation; {@link
 * KafkaClients#producer} says why each one is set.
 *
 * @param connection bootstrap servers, authentication and client id
 * @param tuning linger, batch size and timeouts
 */
public record KafkaSettings(KafkaConnection connection, ProducerTuning tuning) {

  /** A plain-text local broker with the default tuning: tests, the local runner and the bench. */
  public static KafkaSettings local(String bootstrapServers) {
    return new KafkaSettings(
        KafkaConnection.plain(bootstrapServers).withClientId(RawReadingsProducer.CLIENT_ID),
        ProducerTuning.RAW_READINGS);
  }

  public String bootstrapServers() {
    return connection.bootstrapServers();
  }

  /** True on MSK with IAM access control ({@code KAFKA_AUTH=iam}). */
  public boolean iamAuth() {
    return connection.iam();
  }

  /** How long a send may take in total; also the bound of one topic-creation call. */
  public Duration deliveryTimeout() {
    return tuning.deliveryTimeout();
  }

  public Properties producerProperties() {
    return KafkaClients.producer(connection, tuning, StringSerializer.class);
  }

  public Properties adminProperties() {
    return KafkaClients.admin(connection, tuning.requestTimeout(), tuning.deliveryTimeout());
  }

  public Producer<String, byte[]> producer() {
    return new KafkaProducer<>(producerProperties());
  }

  public Admin admin() {
    return Admin.create(adminProperties());
  }
}
