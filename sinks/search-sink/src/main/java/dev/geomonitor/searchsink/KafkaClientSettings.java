package dev.geomonitor.searchsink;

import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The one place the sink's Kafka client settings are made; each non-default setting says why. */
public final class KafkaClientSettings {
  private KafkaClientSettings() {}

  public static Properties consumer(SearchSinkConfig config) {
    Properties p = common(config);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // Offsets are committed by hand, only after a batch is indexed or dead-lettered.
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // A new group starts at the beginning: the topics are the source of truth and ids make re-indexing harmless.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // One poll is at most one bulk request's worth of documents.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(config.bulkMaxDocs()));
    // The default 1 MB per partition holds ~2000 readings: fetch enough that a poll can fill a whole bulk.
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(Math.max(1 << 20,
        Math.min(config.bulkMaxBytes(), 16L << 20))));
    // A batch may wait out a short OpenSearch outage between polls without the group evicting this member.
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(15 * 60 * 1000));
    return p;
  }

  public static Properties producer(SearchSinkConfig config) {
    Properties p = common(config);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // A dead letter is the only trace of a refused record: it must survive a broker failure and not duplicate.
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return p;
  }

  private static Properties common(SearchSinkConfig config) {
    if (config.kafkaBootstrapServers() == null) {
      throw new IllegalArgumentException("KAFKA_BOOTSTRAP_SERVERS is not set: the sink needs Kafka for the DLQ "
          + "(and the local loop to consume); give host:port[,host:port]");
    }
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
    if (config.kafkaSecurity() == SearchSinkConfig.KafkaSecurity.IAM) {
      // MSK with IAM access control: TLS on port 9098 and SASL signed with the function's or host's role.
      p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
      p.put("sasl.mechanism", "AWS_MSK_IAM");
      p.put("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;");
      p.put("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    }
    return p;
  }
}
