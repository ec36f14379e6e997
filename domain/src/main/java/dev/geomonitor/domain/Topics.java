package dev.geomonitor.domain;

import java.util.List;
import java.util.Map;

/** The Kafka topic names. Configuration: every process reads them once into this record. */
public record Topics(String raw, String readings, String aggregates, String alerts, String dlq) {
  public static final Topics DEFAULT =
      new Topics(
          "monitoring.raw", "monitoring.readings", "monitoring.aggregates", "monitoring.alerts", "monitoring.dlq");

  /** Reads {@code TOPIC_RAW}, {@code TOPIC_READINGS}, ... from a settings map (the environment), else defaults. */
  public static Topics fromSettings(Map<String, String> settings) {
    return new Topics(
        settings.getOrDefault("TOPIC_RAW", DEFAULT.raw),
        settings.getOrDefault("TOPIC_READINGS", DEFAULT.readings),
        settings.getOrDefault("TOPIC_AGGREGATES", DEFAULT.aggregates),
        settings.getOrDefault("TOPIC_ALERTS", DEFAULT.alerts),
        settings.getOrDefault("TOPIC_DLQ", DEFAULT.dlq));
  }

  /** Topics with every name prefixed: tests use a unique prefix so they do not see each other's records. */
  public Topics withPrefix(String prefix) {
    return new Topics(prefix + raw, prefix + readings, prefix + aggregates, prefix + alerts, prefix + dlq);
  }

  public List<String> all() {
    return List.of(raw, readings, aggregates, alerts, dlq);
  }

  public List<String> outputs() {
    return List.of(readings, aggregates, alerts);
  }
}
