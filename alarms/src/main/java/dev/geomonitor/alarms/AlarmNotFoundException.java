package dev.geomonitor.alarms;

/** No alarm with the id asked for: HTTP 404. */
public final class AlarmNotFoundException extends RuntimeException {
  public AlarmNotFoundException(String message) {
    super(message);
  }
}
