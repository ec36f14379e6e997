package dev.geomonitor.producer;

import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Every Kafka client setting of the producer, in one place. Each non-default setting says why it is set. */
public final class KafkaClientFactory {
  private KafkaClientFactory() {}

  public static Producer<String, byte[]> producer(KafkaSettings settings) {
    return new KafkaProducer<>(producerProperties(settings));
  }

  public static Admin admin(KafkaSettings settings) {
    return Admin.create(adminProperties(settings));
  }

  public static Properties producerProperties(KafkaSettings s) {
    Properties p = common(s);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    // values are RawReading / DeadLetter JSON already rendered to bytes by the domain's one ObjectMapper
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // a retried batch must not write a reading twice into the Kappa log
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // a poll counts as done only when every in-sync replica holds its readings
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // JSON readings compress several-fold; lz4 costs the least CPU of the codecs
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // a poll sends one burst: waiting a few ms fills batches instead of sending one request per reading
    p.put(ProducerConfig.LINGER_MS_CONFIG, (int) s.linger().toMillis());
    // ~150-byte readings: large batches amortise the per-request overhead (default 16 KiB)
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, s.batchSizeBytes());
    // acks must settle well inside one Lambda invocation, not the default 30 s / 2 min
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) s.requestTimeout().toMillis());
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) s.deliveryTimeout().toMillis());
    // an unreachable cluster should fail the poll quickly, not block send() for the default minute
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, s.maxBlock().toMillis());
    return p;
  }

  public static Properties adminProperties(KafkaSettings s) {
    Properties p = common(s);
    // topic creation is an init-time step: fail fast with a clear error rather than retrying for the default minute
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) s.deliveryTimeout().toMillis());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) s.requestTimeout().toMillis());
    return p;
  }

  private static Properties common(KafkaSettings s) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, s.clientId());
    if (s.iamAuth()) {
      // MSK with IAM access control: TLS on port 9098, SigV4-signed SASL using the Lambda role's credentials
      p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
      p.put(SaslConfigs.SASL_MECHANISM, "AWS_MSK_IAM");
      p.put(SaslConfigs.SASL_JAAS_CONFIG, "software.amazon.msk.auth.iam.IAMLoginModule required;");
      p.put(
          SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS,
          "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    }
    return p;
  }
}
