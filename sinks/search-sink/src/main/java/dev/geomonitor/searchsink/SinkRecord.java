package dev.geomonitor.searchsink;

/**
 * One Kafka record as the sink sees it, whichever entry point read it (KafkaConsumer or an MSK
 * event).
 *
 * @param key the record key as text, or null
 * @param value the raw value bytes, or null for a tombstone
 */
public record SinkRecord(String topic, int partition, long offset, String key, byte[] value) {

  /** Where the record sits, for logs and dead letters: {@code monitoring.readings-0@42}. */
  public String coordinates() {
    return topic + "-" + partition + "@" + offset;
  }
}
