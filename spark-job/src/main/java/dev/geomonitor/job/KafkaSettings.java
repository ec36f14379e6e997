package dev.geomonitor.job;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one place the job's Kafka client settings are made: the Spark source options and the driver's producer share the
 * connection and authentication settings, so MSK IAM is switched on for both at once.
 */
public final class KafkaSettings {
  private final String bootstrapServers;
  private final boolean mskIam;
  private final Optional<String> groupId;

  public KafkaSettings(String bootstrapServers, boolean mskIam) {
    this(bootstrapServers, mskIam, Optional.empty());
  }

  /** {@code groupId}: the consumer group the source's consumers name (MSK IAM authorises groups by name). */
  public KafkaSettings(String bootstrapServers, boolean mskIam, Optional<String> groupId) {
    this.bootstrapServers = bootstrapServers;
    this.mskIam = mskIam;
    this.groupId = groupId;
  }

  /** The settings of one job configuration. */
  public static KafkaSettings of(JobConfig config) {
    return new KafkaSettings(config.bootstrapServers(), config.mskIam(), config.kafkaGroupId());
  }

  /** Connection and authentication, un-prefixed (plain client properties). */
  public Map<String, String> connection() {
    Map<String, String> m = new HashMap<>();
    m.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    if (mskIam) {
      // MSK's IAM listener (port 9098) is TLS + SASL with the mechanism and handler from aws-msk-iam-auth.
      m.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
      m.put("sasl.mechanism", "AWS_MSK_IAM");
      m.put("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;");
      m.put("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    }
    return m;
  }

  /** Options of Spark's Kafka source for one topic. */
  public Map<String, String> sourceOptions(String topic, String startingOffsets, long maxOffsetsPerTrigger) {
    Map<String, String> m = new HashMap<>();
    connection().forEach((k, v) -> m.put("kafka." + k, v));
    m.put("subscribe", topic);
    m.put("startingOffsets", startingOffsets);
    // Offsets that vanished (retention, a recreated topic) mean lost readings: stop rather than skip them.
    m.put("failOnDataLoss", "true");
    m.put("maxOffsetsPerTrigger", Long.toString(maxOffsetsPerTrigger));
    // The job's IAM role may use only this group. Spark never commits offsets to it (they live in the checkpoint), its
    // executors assign partitions instead of joining the group, and the driver reads offsets with the admin client
    // (StreamingJob pins that), so two job versions sharing the group do not split partitions between them. Spark's
    // deprecated consumer-based offset fetching would join the group: then each would see only part of the topic.
    groupId.ifPresent(g -> m.put("kafka.group.id", g));
    return m;
  }

  /** The driver's producer for the output topics. */
  public Properties producer() {
    Properties p = new Properties();
    p.putAll(connection());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // A batch counts as written only when every record is on all in-sync replicas; retries must not reorder or double.
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // A micro-batch is sent in one burst: bigger batches and lz4 raise throughput at no latency cost.
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    // Fail the micro-batch (Spark retries it) instead of blocking forever when the cluster is unreachable.
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
    return p;
  }

  /** Admin client properties (topic existence check). */
  public Properties admin() {
    Properties p = new Properties();
    p.putAll(connection());
    p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "30000");
    return p;
  }
}
