package dev.geomonitor.platform.kafka;

import java.util.Map;

/** One topic to create if absent. */
public record TopicSpec(
    String name, int partitions, short replicationFactor, Map<String, String> configs) {
  public TopicSpec {
    configs = Map.copyOf(configs);
  }
}
