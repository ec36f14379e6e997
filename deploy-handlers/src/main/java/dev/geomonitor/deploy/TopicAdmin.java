package dev.geomonitor.deploy;

import dev.geomonitor.platform.kafka.TopicSpec;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The Kafka admin operations the topics resource needs; one connection to one cluster. */
public interface TopicAdmin extends AutoCloseable {

  /**
   * Creates the topics that do not exist; existing ones are left as they are. @return the names
   * created
   */
  List<String> createMissing(List<TopicSpec> specs);

  /** The current state of each named topic. */
  Map<String, TopicState> describe(Collection<String> names);

  /** Raises each topic's partition count to the given total. */
  void increasePartitions(Map<String, Integer> totals);

  /** Sets retention.ms on one topic, leaving its other configs alone. */
  void setRetention(String topic, String retentionMs);

  @Override
  void close();

  /** Opens an admin connection to the cluster the event names. */
  @FunctionalInterface
  interface Factory {
    TopicAdmin open(String bootstrapServers);
  }
}
