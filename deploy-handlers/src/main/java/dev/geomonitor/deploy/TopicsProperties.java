package dev.geomonitor.deploy;

import dev.geomonitor.platform.kafka.TopicSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Topics resource's properties: {@code BootstrapServers}, {@code ReplicationFactor} and {@code
 * Topics}, a list of {@code {Name, Partitions, RetentionMs}} ({@code RetentionMs} -1 keeps records
 * forever: the raw topic).
 */
public record TopicsProperties(
    String bootstrapServers, short replicationFactor, List<TopicSpec> topics) {

  public TopicsProperties {
    topics = List.copyOf(topics);
  }

  public static TopicsProperties from(ResourceProperties properties) {
    long replication = properties.requiredLong("ReplicationFactor");
    if (replication < 1 || replication > Short.MAX_VALUE) {
      throw new IllegalArgumentException(
          "resource property ReplicationFactor must be at least 1, got " + replication);
    }
    short replicationFactor = (short) replication;
    List<TopicSpec> specs = new ArrayList<>();
    for (ResourceProperties topic : properties.list("Topics")) {
      String name = topic.required("Name");
      long partitions = topic.requiredLong("Partitions");
      if (partitions < 1 || partitions > 10_000) {
        throw new IllegalArgumentException(
            "topic " + name + ": Partitions must be 1..10000, got " + partitions);
      }
      long retentionMs = topic.requiredLong("RetentionMs");
      if (retentionMs < -1 || retentionMs == 0) {
        throw new IllegalArgumentException(
            "topic "
                + name
                + ": RetentionMs must be -1 (forever) or a positive number of ms, got "
                + retentionMs);
      }
      specs.add(new TopicSpec(name, (int) partitions, replicationFactor, configs(retentionMs)));
    }
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("resource property Topics lists no topic");
    }
    return new TopicsProperties(properties.required("BootstrapServers"), replicationFactor, specs);
  }

  /**
   * Only settings MSK Serverless accepts on a topic. retention.bytes=-1 because Serverless
   * otherwise caps a partition at 250 GiB, which would silently cut the raw topic's "forever".
   * min.insync.replicas is not set: Serverless refuses it (it is 2 there) and provisioned MSK sets
   * 2 for three-AZ clusters by default.
   */
  static Map<String, String> configs(long retentionMs) {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("retention.ms", Long.toString(retentionMs));
    configs.put("retention.bytes", "-1");
    configs.put("cleanup.policy", "delete");
    return configs;
  }
}
