package dev.geomonitor.platform.kafka;

import java.time.Duration;

/**
 * What a producer tunes for its load; every other producer setting is the pipeline's (see {@link
 * KafkaClients#producer}). Build with {@link #builder()}; a value left unset keeps Kafka's default.
 *
 * @param linger how long a batch waits for more records (null: Kafka's default)
 * @param batchSizeBytes the batch size per partition (null: Kafka's default 16 KiB)
 * @param requestTimeout how long one produce request may wait for the broker (null: Kafka's
 *     default)
 * @param deliveryTimeout how long a send may take in total, retries included (null: Kafka's
 *     default)
 * @param maxBlock how long send() may block for metadata or buffer space (null: Kafka's default)
 * @param compress whether batches are compressed with lz4
 */
public record ProducerTuning(
    Duration linger,
    Integer batchSizeBytes,
    Duration requestTimeout,
    Duration deliveryTimeout,
    Duration maxBlock,
    boolean compress) {

  public ProducerTuning {
    if (batchSizeBytes != null && batchSizeBytes < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSizeBytes);
    }
    if (deliveryTimeout != null) {
      Duration floor =
          (linger == null ? Duration.ZERO : linger)
              .plus(requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout);
      if (deliveryTimeout.compareTo(floor) < 0) {
        // the client itself refuses this combination at construction, with a less helpful message
        throw new IllegalArgumentException(
            "KAFKA_DELIVERY_TIMEOUT ("
                + deliveryTimeout
                + ") must be at least KAFKA_LINGER + KAFKA_REQUEST_TIMEOUT ("
                + floor
                + ")");
      }
    }
  }

  /** Kafka's defaults, except the pipeline's reliability settings that every producer gets. */
  public static final ProducerTuning KAFKA_DEFAULTS = builder().build();

  /**
   * The raw-topic producer's tuning: a poll of a few thousand ~150-byte readings, acknowledged well
   * inside one Lambda invocation. The producer's declared defaults equal it, and the bench measures
   * with it.
   */
  public static final ProducerTuning RAW_READINGS =
      builder()
          .compress(true)
          .linger(Duration.ofMillis(10))
          .batchSizeBytes(128 * 1024)
          .requestTimeout(Duration.ofSeconds(15))
          .deliveryTimeout(Duration.ofSeconds(30))
          .maxBlock(Duration.ofSeconds(10))
          .build();

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .linger(linger)
        .batchSizeBytes(batchSizeBytes)
        .requestTimeout(requestTimeout)
        .deliveryTimeout(deliveryTimeout)
        .maxBlock(maxBlock)
        .compress(compress);
  }

  /** Named steps instead of six positional arguments of which four are durations. */
  public static final class Builder {
    private Duration linger;
    private Integer batchSizeBytes;
    private Duration requestTimeout;
    private Duration deliveryTimeout;
    private Duration maxBlock;
    private boolean compress;

    public Builder linger(Duration value) {
      linger = value;
      return this;
    }

    public Builder batchSizeBytes(Integer value) {
      batchSizeBytes = value;
      return this;
    }

    public Builder requestTimeout(Duration value) {
      requestTimeout = value;
      return this;
    }

    public Builder deliveryTimeout(Duration value) {
      deliveryTimeout = value;
      return this;
    }

    public Builder maxBlock(Duration value) {
      maxBlock = value;
      return this;
    }

    public Builder compress(boolean value) {
      compress = value;
      return this;
    }

    public ProducerTuning build() {
      return new ProducerTuning(
          linger, batchSizeBytes, requestTimeout, deliveryTimeout, maxBlock, compress);
    }
  }
}
