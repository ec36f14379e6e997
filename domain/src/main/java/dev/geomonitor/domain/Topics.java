package dev.geomonitor.domain;

import dev.geomonitor.platform.settings.Setting;
import dev.geomonitor.platform.settings.SettingTypes;
import dev.geomonitor.platform.settings.SettingValues;
import java.util.List;
import java.util.Map;

/** The Kafka topic names. Configuration: every process reads them once into this record. */
public record Topics(String raw, String readings, String aggregates, String alerts, String dlq) {
  public static final Topics DEFAULT =
      new Topics(
          "monitoring.raw",
          "monitoring.readings",
          "monitoring.aggregates",
          "monitoring.alerts",
          "monitoring.dlq");

  public static final Setting<String> RAW =
      Setting.of(
          "TOPIC_RAW",
          SettingTypes.TEXT,
          DEFAULT.raw,
          "the raw topic: the Kappa log, the source of truth");
  public static final Setting<String> READINGS =
      Setting.of(
          "TOPIC_READINGS", SettingTypes.TEXT, DEFAULT.readings, "validated, enriched readings");
  public static final Setting<String> AGGREGATES =
      Setting.of("TOPIC_AGGREGATES", SettingTypes.TEXT, DEFAULT.aggregates, "window aggregates");
  public static final Setting<String> ALERTS =
      Setting.of("TOPIC_ALERTS", SettingTypes.TEXT, DEFAULT.alerts, "trigger-level alerts");
  public static final Setting<String> DLQ =
      Setting.of(
          "TOPIC_DLQ",
          SettingTypes.TEXT,
          DEFAULT.dlq,
          "dead letters: every refused record with its reason");

  /** The topic settings in the order of the record's components. */
  public static final List<Setting<?>> SETTINGS = List.of(RAW, READINGS, AGGREGATES, ALERTS, DLQ);

  /**
   * Reads {@code TOPIC_RAW}, {@code TOPIC_READINGS}, ... from a settings map (the environment),
   * else defaults.
   */
  public static Topics fromSettings(Map<String, String> settings) {
    return from(SettingValues.of(settings));
  }

  public static Topics from(SettingValues s) {
    return new Topics(s.get(RAW), s.get(READINGS), s.get(AGGREGATES), s.get(ALERTS), s.get(DLQ));
  }

  /**
   * Topics with every name prefixed: tests use a unique prefix so they do not see each other's
   * records.
   */
  public Topics withPrefix(String prefix) {
    return new Topics(
        prefix + raw, prefix + readings, prefix + aggregates, prefix + alerts, prefix + dlq);
  }

  public List<String> all() {
    return List.of(raw, readings, aggregates, alerts, dlq);
  }

  public List<String> outputs() {
    return List.of(readings, aggregates, alerts);
  }
}
