package dev.geomonitor.local.runner;

import dev.geomonitor.domain.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Offsets of a topic and how far a streaming query has read it: what "caught up" and "lag" are
 * measured with.
 */
final class RawLog {
  private RawLog() {}

  static Map<Integer, Long> offsets(Admin admin, String topic, OffsetSpec spec) {
    try {
      var description =
          admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> request =
          description.get(topic).partitions().stream()
              .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> spec));
      Map<Integer, Long> out = new HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get(10, TimeUnit.SECONDS)
          .forEach((tp, info) -> out.put(tp.partition(), info.offset()));
      return out;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot read the offsets of topic " + topic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading offsets of " + topic, e);
    }
  }

  static long total(Map<Integer, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Per partition, the offsets of {@code topic} the query has read up to (empty before its first
   * batch).
   */
  static Map<Integer, Long> readOffsets(StreamingQuery query, String topic) {
    Map<Integer, Long> out = new HashMap<>();
    StreamingQueryProgress p = query.lastProgress();
    if (p == null) {
      return out;
    }
    for (var source : p.sources()) {
      if (source.endOffset() == null) {
        continue;
      }
      try {
        var node = Json.MAPPER.readTree(source.endOffset()).get(topic);
        if (node != null) {
          node.fields()
              .forEachRemaining(e -> out.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
        }
      } catch (IOException e) {
        throw new IllegalStateException("unreadable offsets in the progress of " + query.name(), e);
      }
    }
    return out;
  }

  /** Whether every partition of {@code target} is reached by {@code read} (offsets only grow). */
  static boolean covers(Map<Integer, Long> read, Map<Integer, Long> target) {
    return target.entrySet().stream()
        .allMatch(e -> read.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  /**
   * Records of {@code topic} the query has read, from its last progress report; -1 before its first
   * batch.
   */
  static long readBy(StreamingQuery query, String topic) {
    StreamingQueryProgress p = query.lastProgress();
    if (p == null) {
      return -1;
    }
    for (var source : p.sources()) {
      if (source.endOffset() == null) {
        continue;
      }
      try {
        var node = Json.MAPPER.readTree(source.endOffset()).get(topic);
        if (node != null) {
          long read = 0;
          for (var offset : node) {
            read += offset.asLong();
          }
          return read;
        }
      } catch (IOException e) {
        throw new IllegalStateException("unreadable offsets in the progress of " + query.name(), e);
      }
    }
    return -1;
  }
}
