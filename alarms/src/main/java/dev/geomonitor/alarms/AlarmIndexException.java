package dev.geomonitor.alarms;

/** Alarms could not be indexed into OpenSearch this time; they stay due for the next attempt. */
public final class AlarmIndexException extends RuntimeException {
  public AlarmIndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
