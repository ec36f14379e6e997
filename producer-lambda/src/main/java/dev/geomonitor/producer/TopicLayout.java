package dev.geomonitor.producer;

import dev.geomonitor.domain.Topics;
import dev.geomonitor.platform.kafka.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Partitions and retention of the pipeline's topics.
 *
 * @param partitions partitions per topic (keys spread over them; per-instrument order is kept in
 *     any case)
 * @param replicationFactor copies per partition (1 locally, 3 on a cluster)
 * @param rawRetention how long the raw topic keeps records; null for forever (the Kappa log is the
 *     source of truth)
 * @param outputRetention readings, aggregates, alerts: rebuildable from the raw topic, so finite
 * @param dlqRetention dead letters: kept long enough for a person to look at them
 */
public record TopicLayout(
    int partitions,
    short replicationFactor,
    Duration rawRetention,
    Duration outputRetention,
    Duration dlqRetention) {

  public TopicLayout {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "replicationFactor must be at least 1, got " + replicationFactor);
    }
  }

  public static TopicLayout defaults(int partitions, short replicationFactor) {
    return new TopicLayout(
        partitions, replicationFactor, null, Duration.ofDays(7), Duration.ofDays(30));
  }

  public List<TopicSpec> specsFor(Topics topics) {
    List<TopicSpec> specs = new ArrayList<>();
    specs.add(spec(topics.raw(), rawRetention));
    for (String output : topics.outputs()) {
      specs.add(spec(output, outputRetention));
    }
    specs.add(spec(topics.dlq(), dlqRetention));
    return specs;
  }

  private TopicSpec spec(String name, Duration retention) {
    String retentionMs = retention == null ? "-1" : Long.toString(retention.toMillis());
    Map<String, String> configs =
        replicationFactor >= 3
            // with acks=all, a write is safe only if a second copy must hold it before it is
            // acknowledged
            ? Map.of(
                "retention.ms", retentionMs, "cleanup.policy", "delete", "min.insync.replicas", "2")
            : Map.of("retention.ms", retentionMs, "cleanup.policy", "delete");
    return new TopicSpec(name, partitions, replicationFactor, configs);
  }
}
