package dev.geomonitor.platform.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every Kafka client property of the pipeline, in one place: producers, consumers, admin clients
 * and Spark's Kafka source, all on one {@link KafkaConnection}. Each setting that is not Kafka's
 * default says why it is set.
 */
public final class KafkaClients {
  private KafkaClients() {}

  /**
   * A producer of JSON values (rendered to bytes by the domain's one ObjectMapper) keyed by {@code
   * keySerializer}. Idempotent and acknowledged by all in-sync replicas for every producer: the
   * topics are the Kappa log and its DLQ.
   */
  public static Properties producer(
      KafkaConnection connection,
      ProducerTuning tuning,
      Class<? extends Serializer<?>> keySerializer) {
    Properties p = new Properties();
    p.putAll(connection.properties());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, keySerializer.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // a retried batch must not write a record twice, nor reorder a key's records
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // a send counts as done only when every in-sync replica holds it: a record acknowledged is
    // never lost
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    if (tuning.compress()) {
      // JSON records compress several-fold; lz4 costs the least CPU of the codecs
      p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }
    if (tuning.linger() != null) {
      // records are sent in bursts: waiting a few ms fills batches instead of one request per
      // record
      p.put(ProducerConfig.LINGER_MS_CONFIG, (int) tuning.linger().toMillis());
    }
    if (tuning.batchSizeBytes() != null) {
      // ~150-byte records: large batches amortise the per-request overhead (default 16 KiB)
      p.put(ProducerConfig.BATCH_SIZE_CONFIG, tuning.batchSizeBytes());
    }
    if (tuning.requestTimeout() != null) {
      // acks must settle inside the caller's own deadline (a Lambda invocation), not the default 30
      // s
      p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) tuning.requestTimeout().toMillis());
    }
    if (tuning.deliveryTimeout() != null) {
      // fail the send (the caller retries or stops) instead of retrying for the default 2 min
      p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) tuning.deliveryTimeout().toMillis());
    }
    if (tuning.maxBlock() != null) {
      // an unreachable cluster should fail fast, not block send() for the default minute
      p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, tuning.maxBlock().toMillis());
    }
    return p;
  }

  /**
   * A consumer of string-keyed JSON values in {@code groupId} that commits by hand: offsets move
   * only after what was read is written somewhere (indexed or dead-lettered).
   */
  public static Properties consumer(KafkaConnection connection, String groupId) {
    Properties p = new Properties();
    p.putAll(connection.properties());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // offsets are committed by hand, only after a batch is written
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // a new group starts at the beginning: the topics are the source of truth and writes are
    // idempotent
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return p;
  }

  /**
   * An admin client (topic creation and checks).
   *
   * @param requestTimeout how long one request may wait for the broker
   * @param apiTimeout how long one call may take in total, retries included; null keeps Kafka's
   *     default minute
   */
  public static Properties admin(
      KafkaConnection connection, Duration requestTimeout, Duration apiTimeout) {
    Properties p = new Properties();
    p.putAll(connection.properties());
    // admin calls are init-time steps: fail fast with a clear error rather than retrying for the
    // default minute
    p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
    if (apiTimeout != null) {
      p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) apiTimeout.toMillis());
    }
    return p;
  }

  /**
   * Options of Spark's Kafka source for one topic: the connection's properties prefixed with {@code
   * kafka.}.
   *
   * @param groupId the consumer group the source's consumers name (MSK IAM authorises groups by
   *     name); empty: Spark generates one per query
   */
  public static Map<String, String> sparkSource(
      KafkaConnection connection,
      String topic,
      String startingOffsets,
      long maxOffsetsPerTrigger,
      Optional<String> groupId) {
    Map<String, String> m = new HashMap<>();
    connection.properties().forEach((k, v) -> m.put("kafka." + k, v));
    m.put("subscribe", topic);
    m.put("startingOffsets", startingOffsets);
    // offsets that vanished (retention, a recreated topic) mean lost readings: stop rather than
    // skip them
    m.put("failOnDataLoss", "true");
    m.put("maxOffsetsPerTrigger", Long.toString(maxOffsetsPerTrigger));
    // The job's IAM role may use only this group. Spark never commits offsets to it (they live in
    // the checkpoint), its
    // executors assign partitions instead of joining the group, and the driver reads offsets with
    // the admin client
    // (the job pins that), so two job versions sharing the group do not split partitions between
    // them. Spark's
    // deprecated consumer-based offset fetching would join the group: then each would see only part
    // of the topic.
    groupId.ifPresent(g -> m.put("kafka.group.id", g));
    return m;
  }
}
