package dev.geomonitor.domain;

/**
 * Machine-readable reasons a record is rejected to the dead-letter topic. Stable names: dashboards
 * count by them.
 */
public enum RejectCode {
  /** The HTTP body or the raw record is not parseable JSON. */
  MALFORMED_JSON,
  /** The record's bytes are not valid UTF-8. */
  INVALID_UTF8,
  /** The record is valid JSON but not an object (an array, a string, null...). */
  NOT_AN_OBJECT,
  /**
   * The raw record's envelope lacks what the producer always writes (api_version, fetched_at,
   * item).
   */
  MALFORMED_RAW_RECORD,
  /** The API version is neither v1 nor v2. */
  UNSUPPORTED_API_VERSION,
  /** A required field is absent or null. */
  MISSING_FIELD,
  /** A field has the wrong JSON type (a string where a number belongs...). */
  WRONG_TYPE,
  /** A text field is empty or blank. */
  BLANK_FIELD,
  /** The instrument is not one of the five known types. */
  UNKNOWN_INSTRUMENT,
  /** The value does not fit a finite double. */
  NON_FINITE_VALUE,
  /** The value is outside the instrument type's physical range. */
  VALUE_OUT_OF_RANGE,
  /** Northing/easting outside the site's bounds (SITE_BOUNDS, in the SITE_CRS grid). */
  COORDINATES_OUT_OF_GRID,
  /** The timestamp cannot be parsed as an ISO-8601 date-time. */
  UNPARSEABLE_TIMESTAMP,
  /** The timestamp is later than fetch time plus the tolerance. */
  FUTURE_TIMESTAMP,
  /**
   * No longer produced: old readings are late, not invalid (see {@link #BEFORE_SITE_EPOCH}). Kept
   * because formats only grow and older dead letters carry it.
   */
  LATE_TIMESTAMP,
  /**
   * The timestamp lies before the site epoch (SITE_EPOCH): a typo or a logger whose clock was
   * reset.
   */
  BEFORE_SITE_EPOCH,
  /**
   * A second, different value for a series and timestamp the job already has (a corrected
   * re-issue): the first value in raw-log order stays current, the later one is dead-lettered so
   * the conflict is visible.
   */
  CONFLICTING_READING,
  /** The timezone named by the envelope is not a known zone id. */
  UNKNOWN_TIMEZONE,
  /** OpenSearch refused the document (mapping conflict or another 4xx). */
  INDEX_REJECTED,
  /** The source API answered with something that is not a response of either version. */
  MALFORMED_RESPONSE,
  /** A text field is longer than its bound ({@link FieldRules}). */
  FIELD_TOO_LONG,
  /** A text field contains a control character (NUL, ESC, DEL...). */
  CONTROL_CHARACTER,
  /**
   * A text field contains a character its rule forbids (unpaired surrogate, invisible/format
   * character in a key...).
   */
  INVALID_CHARACTER,
  /** An object names the same field twice (which value is meant cannot be known). */
  DUPLICATE_FIELD,
  /**
   * One served item is larger than the producer may send as one record; dead-lettered with its
   * size.
   */
  ITEM_TOO_LARGE,
  /**
   * A response body is larger than the producer's cap ({@code MAX_BODY_BYTES}); dead-lettered with
   * its size.
   */
  BODY_TOO_LARGE,
  /**
   * PostgreSQL refused a row the job made for its content (a data exception, SQLSTATE class 22, or
   * a constraint, class 23): the record is dead-lettered instead of published, and the stream goes
   * on.
   */
  STORE_REJECTED
}
