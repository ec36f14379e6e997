package dev.geomonitor.deploy;

import dev.geomonitor.platform.kafka.TopicSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kafka topics resource. Create and Update converge: missing topics are created, partitions
 * raised to what is asked and retention set; a topic already as described is not touched, so a
 * repeated event changes nothing.
 */
public final class TopicsSetup implements ResourceSetup {
  private final TopicAdmin.Factory admins;

  public TopicsSetup(TopicAdmin.Factory admins) {
    this.admins = admins;
  }

  @Override
  public String kind() {
    return "kafka-topics";
  }

  @Override
  public Map<String, String> apply(CustomResourceRequest request) {
    TopicsProperties wanted = TopicsProperties.from(request.properties());
    try (TopicAdmin admin = admins.open(wanted.bootstrapServers())) {
      List<String> created = admin.createMissing(wanted.topics());
      List<TopicSpec> existing =
          wanted.topics().stream().filter(t -> !created.contains(t.name())).toList();
      Map<String, TopicState> states =
          admin.describe(existing.stream().map(TopicSpec::name).toList());
      Map<String, Integer> grow = new LinkedHashMap<>();
      List<String> retentionChanged = new ArrayList<>();
      for (TopicSpec spec : existing) {
        TopicState state = states.get(spec.name());
        if (state == null) {
          throw new IllegalStateException(
              "topic " + spec.name() + " exists but could not be described");
        }
        if (spec.partitions() < state.partitions()) {
          throw new IllegalArgumentException(
              "topic "
                  + spec.name()
                  + " has "
                  + state.partitions()
                  + " partitions and Kafka cannot reduce them to "
                  + spec.partitions()
                  + ": ask for at least "
                  + state.partitions()
                  + ", or create a new topic and reprocess into it");
        }
        if (spec.partitions() > state.partitions()) {
          grow.put(spec.name(), spec.partitions());
        }
        String retention = spec.configs().get("retention.ms");
        if (!retention.equals(state.retentionMs())) {
          retentionChanged.add(spec.name());
        }
      }
      if (!grow.isEmpty()) {
        admin.increasePartitions(grow);
      }
      for (String name : retentionChanged) {
        admin.setRetention(name, specNamed(wanted, name).configs().get("retention.ms"));
      }
      Map<String, String> data = new LinkedHashMap<>();
      data.put("Topics", String.join(",", wanted.topics().stream().map(TopicSpec::name).toList()));
      data.put("Created", String.join(",", created));
      data.put("PartitionsIncreased", String.join(",", grow.keySet()));
      data.put("RetentionChanged", String.join(",", retentionChanged));
      return data;
    }
  }

  /**
   * Topics are never deleted: the raw topic is the Kappa log, the only copy of every reading ever
   * served, and the outputs are what the sinks are still reading. Removing the resource (or the
   * stack) must not destroy data; an operator who really wants them gone deletes them deliberately.
   */
  @Override
  public Map<String, String> delete(CustomResourceRequest request) {
    return Map.of("Retained", "true");
  }

  private static TopicSpec specNamed(TopicsProperties wanted, String name) {
    return wanted.topics().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }
}
