package dev.geomonitor.producer;

import java.time.Duration;

/**
 * What the producer needs to reach Kafka. Defaults suit a poll of a few thousand ~150-byte readings that must be
 * acknowledged well inside one Lambda invocation; see {@link KafkaClientFactory} for why each one is set.
 *
 * @param bootstrapServers host:port list
 * @param iamAuth true on MSK with IAM access control (SASL_SSL + AWS_MSK_IAM), false for a plain local broker
 * @param clientId names this producer in broker logs and quotas
 * @param linger how long a batch waits for more records
 * @param batchSizeBytes the batch size per partition
 * @param requestTimeout how long one produce request may wait for the broker
 * @param deliveryTimeout how long a send may take in total, retries included, before it fails
 * @param maxBlock how long send() may block for metadata or buffer space
 */
public record KafkaSettings(
    String bootstrapServers,
    boolean iamAuth,
    String clientId,
    Duration linger,
    int batchSizeBytes,
    Duration requestTimeout,
    Duration deliveryTimeout,
    Duration maxBlock) {

  public KafkaSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers are empty: set KAFKA_BOOTSTRAP_SERVERS (host:port,...)");
    }
    if (deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
      // the client itself refuses this combination at construction, with a less helpful message
      throw new IllegalArgumentException(
          "KAFKA_DELIVERY_TIMEOUT_MS ("
              + deliveryTimeout.toMillis()
              + ") must be at least KAFKA_LINGER_MS + KAFKA_REQUEST_TIMEOUT_MS ("
              + linger.plus(requestTimeout).toMillis()
              + ")");
    }
  }

  /** A plain-text local broker with the default tuning: tests and the local runner. */
  public static KafkaSettings local(String bootstrapServers) {
    return new KafkaSettings(
        bootstrapServers,
        false,
        "geomonitor-producer",
        Duration.ofMillis(10),
        128 * 1024,
        Duration.ofSeconds(15),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10));
  }
}
