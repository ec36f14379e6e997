package dev.geomonitor.deploy;

import dev.geomonitor.platform.kafka.TopicSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A cluster held in a map, for unit tests of {@link TopicsSetup}. */
final class InMemoryTopicAdmin implements TopicAdmin {
  final Map<String, TopicState> topics = new LinkedHashMap<>();
  final List<String> opened = new ArrayList<>();
  final List<String> changes = new ArrayList<>();
  int closed;

  TopicAdmin.Factory factory() {
    return bootstrap -> {
      opened.add(bootstrap);
      return this;
    };
  }

  @Override
  public List<String> createMissing(List<TopicSpec> specs) {
    List<String> created = new ArrayList<>();
    for (TopicSpec spec : specs) {
      if (!topics.containsKey(spec.name())) {
        topics.put(
            spec.name(),
            new TopicState(spec.name(), spec.partitions(), spec.configs().get("retention.ms")));
        created.add(spec.name());
        changes.add("create " + spec.name());
      }
    }
    return created;
  }

  @Override
  public Map<String, TopicState> describe(Collection<String> names) {
    Map<String, TopicState> found = new LinkedHashMap<>();
    names.forEach(n -> found.put(n, topics.get(n)));
    return found;
  }

  @Override
  public void increasePartitions(Map<String, Integer> totals) {
    totals.forEach(
        (name, total) -> {
          topics.put(name, new TopicState(name, total, topics.get(name).retentionMs()));
          changes.add("partitions " + name + "=" + total);
        });
  }

  @Override
  public void setRetention(String topic, String retentionMs) {
    topics.put(topic, new TopicState(topic, topics.get(topic).partitions(), retentionMs));
    changes.add("retention " + topic + "=" + retentionMs);
  }

  @Override
  public void close() {
    closed++;
  }
}
