package dev.geomonitor.job;

import dev.geomonitor.platform.kafka.KafkaAuth;
import dev.geomonitor.platform.kafka.KafkaClients;
import dev.geomonitor.platform.kafka.KafkaConnection;
import dev.geomonitor.platform.kafka.ProducerTuning;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The job's Kafka clients, all on one {@link KafkaConnection}: the Spark source options and the
 * driver's producer and admin client share the connection and authentication, so MSK IAM is
 * switched on for all at once.
 */
public final class KafkaSettings {
  /**
   * A micro-batch is sent in one burst: bigger batches and lz4 raise throughput at no latency cost;
   * a send that cannot complete fails the micro-batch (Spark retries it) instead of blocking
   * forever when the cluster is unreachable.
   */
  static final ProducerTuning OUTPUT_TUNING =
      ProducerTuning.builder()
          .compress(true)
          .linger(Duration.ofMillis(5))
          .batchSizeBytes(256 * 1024)
          .deliveryTimeout(Duration.ofMinutes(2))
          .maxBlock(Duration.ofMinutes(1))
          .build();

  private final KafkaConnection connection;
  private final Optional<String> groupId;

  public KafkaSettings(String bootstrapServers, KafkaAuth auth) {
    this(new KafkaConnection(bootstrapServers, auth, null), Optional.empty());
  }

  /**
   * {@code groupId}: the consumer group the source's consumers name (MSK IAM authorises groups by
   * name).
   */
  public KafkaSettings(KafkaConnection connection, Optional<String> groupId) {
    this.connection = connection;
    this.groupId = groupId;
  }

  /** The settings of one job configuration. */
  public static KafkaSettings of(JobConfig config) {
    return new KafkaSettings(config.kafkaConnection(), config.kafkaGroupId());
  }

  /** Connection and authentication, un-prefixed (plain client properties). */
  public Map<String, String> connection() {
    return connection.properties();
  }

  /** Options of Spark's Kafka source for one topic. */
  public Map<String, String> sourceOptions(
      String topic, String startingOffsets, long maxOffsetsPerTrigger) {
    return KafkaClients.sparkSource(
        connection, topic, startingOffsets, maxOffsetsPerTrigger, groupId);
  }

  /** The driver's producer for the output topics. */
  public Properties producer() {
    return KafkaClients.producer(connection, OUTPUT_TUNING, ByteArraySerializer.class);
  }

  /** Admin client properties (topic existence check). */
  public Properties admin() {
    return KafkaClients.admin(connection, Duration.ofSeconds(30), null);
  }
}
