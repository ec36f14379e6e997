package dev.geomonitor.searchsink;

import dev.geomonitor.platform.kafka.KafkaClients;
import dev.geomonitor.platform.kafka.ProducerTuning;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The sink's Kafka clients: the pipeline's {@link KafkaClients} plus what the sink tunes, each with
 * its why.
 */
public final class KafkaClientSettings {
  private KafkaClientSettings() {}

  public static Properties consumer(SearchSinkConfig config) {
    Properties p = KafkaClients.consumer(config.kafkaConnection(), config.groupId());
    // One poll is at most one bulk request's worth of documents.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(config.bulkMaxDocs()));
    // The default 1 MB per partition holds ~2000 readings: fetch enough that a poll can fill a
    // whole bulk.
    p.put(
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
        String.valueOf(Math.max(1 << 20, Math.min(config.bulkMaxBytes(), 16L << 20))));
    // A batch may wait out a short OpenSearch outage between polls without the group evicting this
    // member.
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(15 * 60 * 1000));
    return p;
  }

  /**
   * The DLQ producer: a dead letter is the only trace of a refused record (acks=all, idempotent).
   */
  public static Properties producer(SearchSinkConfig config) {
    return KafkaClients.producer(
        config.kafkaConnection(), ProducerTuning.KAFKA_DEFAULTS, StringSerializer.class);
  }
}
