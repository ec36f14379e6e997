package dev.geomonitor.platform.kafka;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The raw-topic producer on a plain local broker, exactly as the producer's defaults configure it
 * ({@link ProducerTuning#RAW_READINGS}): what the bench and the local tools write readings with.
 */
public final class RawReadingsProducer {
  public static final String CLIENT_ID = "geomonitor-producer";

  private RawReadingsProducer() {}

  public static Properties properties(String bootstrapServers) {
    return KafkaClients.producer(
        KafkaConnection.plain(bootstrapServers).withClientId(CLIENT_ID),
        ProducerTuning.RAW_READINGS,
        StringSerializer.class);
  }

  public static Producer<String, byte[]> create(String bootstrapServers) {
    return new KafkaProducer<>(properties(bootstrapServers));
  }
}
