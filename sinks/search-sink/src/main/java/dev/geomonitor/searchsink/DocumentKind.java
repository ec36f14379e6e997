package dev.geomonitor.searchsink;

/**
 * What the sink indexes: one kind per input topic. The base name is the alias readers query; the
 * versioned indexes behind it are {@code <base>-v1}, {@code <base>-v2}...
 */
public enum DocumentKind {
  READINGS("readings", "reading_id", "ts"),
  AGGREGATES("aggregates", "aggregate_id", "window_start"),
  ALERTS("alerts", "alert_id", "ts"),
  /** The DLQ topic itself, so dashboards can count rejections; not versioned by the pipeline. */
  DEAD_LETTERS("deadletters", null, "rejected_at"),
  /**
   * One document per alarm, written by the alarms module's processor (not read from a topic), so
   * the Dashboards alarms dashboard can show them. Not versioned: alarms are about people (who was
   * told, who acknowledged) and outlive a reprocessing run, as their PostgreSQL tables do.
   */
  ALARMS("alarms", "alarm_id", "raised_at");

  /** Dead letters are not produced by a pipeline version: they always live in this one index. */
  static final String DEAD_LETTERS_VERSION = "v1";

  /** The one index of the kinds no pipeline version produces (dead letters, alarms). */
  static final String UNVERSIONED_INDEX_VERSION = DEAD_LETTERS_VERSION;

  private final String baseName;
  private final String idField;
  private final String timeField;

  DocumentKind(String baseName, String idField, String timeField) {
    this.baseName = baseName;
    this.idField = idField;
    this.timeField = timeField;
  }

  public String baseName() {
    return baseName;
  }

  /**
   * The document field holding the natural-key id, or null when the id comes from the Kafka
   * coordinates.
   */
  public String idField() {
    return idField;
  }

  public String timeField() {
    return timeField;
  }

  /** Whether reprocessing moves this kind's alias from one pipeline version to the next. */
  public boolean versioned() {
    return this != DEAD_LETTERS && this != ALARMS;
  }
}
