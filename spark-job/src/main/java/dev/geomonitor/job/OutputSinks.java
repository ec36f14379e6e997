package dev.geomonitor.job;

import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where the executors write a micro-batch's partitions: the output topics (producer settings) and
 * the batch store. Shipped with every task, so it holds settings only; the clients are made once
 * per executor JVM ({@link ExecutorClients}). The database password travels in the task like the
 * rest of the job's configuration.
 */
record OutputSinks(
    String topicDlq,
    String topicReadings,
    String topicAlerts,
    String topicAggregates,
    int pipelineVersion,
    HashMap<String, String> producerSettings,
    BatchStoreConfig store)
    implements Serializable {

  static OutputSinks of(
      Topics topics, PipelineVersion version, Properties producer, BatchStoreConfig store) {
    HashMap<String, String> settings = new HashMap<>();
    producer.forEach((k, v) -> settings.put(k.toString(), v.toString()));
    return new OutputSinks(
        topics.dlq(),
        topics.readings(),
        topics.alerts(),
        topics.aggregates(),
        version.number(),
        settings,
        store);
  }

  PipelineVersion version() {
    return new PipelineVersion(pipelineVersion);
  }

  Map<String, String> producer() {
    return producerSettings;
  }

  /** The topic of a record kind; null for tallies (they are counted, not published). */
  String topicOf(OutputRecord.Kind kind) {
    return switch (kind) {
      case READING -> topicReadings;
      case ALERT -> topicAlerts;
      case REJECT -> topicDlq;
      case AGGREGATE -> topicAggregates;
      case TALLY -> null;
    };
  }
}
