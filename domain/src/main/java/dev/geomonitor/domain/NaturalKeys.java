package dev.geomonitor.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Deterministic ids derived from natural keys. The same reading always gets the same id, so a
 * replay or a redelivery overwrites instead of duplicating (PostgreSQL upserts, OpenSearch {@code
 * _id}). The Spark job builds the same strings with {@code date_format(ts, TIMESTAMP_PATTERN)} in a
 * UTC session.
 */
public final class NaturalKeys {
  /**
   * Fixed millisecond precision: Instant.toString() drops trailing zeros, which would give one
   * reading two ids.
   */
  public static final String TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern(TIMESTAMP_PATTERN).withZone(ZoneOffset.UTC);

  private NaturalKeys() {}

  public static String timestamp(Instant ts) {
    return InstantText.millis(ts);
  }

  /** {@link #timestamp} by the pattern's formatter: the reference {@link InstantText} matches. */
  static String referenceTimestamp(Instant ts) {
    return FORMAT.format(ts);
  }

  public static String readingId(String instrument, String boreholeNumber, Instant ts) {
    return instrument + ":" + boreholeNumber + ":" + timestamp(ts);
  }

  /**
   * The series a reading belongs to: {@code instrument:borehole_number}, plus {@code :axis} when
   * the API names a sub-channel (settlement x/y/z served under one point name). Readings, dedupe,
   * baselines and windows are per series.
   */
  public static String seriesKey(String instrument, String boreholeNumber, String axis) {
    return axis == null
        ? instrument + ":" + boreholeNumber
        : instrument + ":" + boreholeNumber + ":" + axis;
  }

  /**
   * A reading of a series: {@code seriesKey:ts} (the same as the three-argument form when there is
   * no axis).
   */
  public static String readingId(
      String instrument, String boreholeNumber, String axis, Instant ts) {
    return seriesKey(instrument, boreholeNumber, axis) + ":" + timestamp(ts);
  }

  /** Aggregates of a series: one per window size and window start. */
  public static String aggregateId(
      String instrument,
      String boreholeNumber,
      String axis,
      String windowSize,
      Instant windowStart) {
    return seriesKey(instrument, boreholeNumber, axis)
        + ":"
        + windowSize
        + ":"
        + timestamp(windowStart);
  }

  /** Alerts of a series: one per reading time and status entered. */
  public static String alertId(
      String instrument, String boreholeNumber, String axis, Instant ts, TriggerStatus status) {
    return seriesKey(instrument, boreholeNumber, axis) + ":" + timestamp(ts) + ":" + status.name();
  }

  /** Aggregates: one per instrument, window size and window start. */
  public static String aggregateId(
      String instrument, String boreholeNumber, String windowSize, Instant windowStart) {
    return instrument + ":" + boreholeNumber + ":" + windowSize + ":" + timestamp(windowStart);
  }

  /** Alerts: one per instrument, reading time and the status entered. */
  public static String alertId(
      String instrument, String boreholeNumber, Instant ts, TriggerStatus status) {
    return instrument + ":" + boreholeNumber + ":" + timestamp(ts) + ":" + status.name();
  }
}
