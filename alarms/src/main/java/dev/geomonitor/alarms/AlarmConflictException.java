package dev.geomonitor.alarms;

/**
 * A request that the alarm's state does not allow (acknowledging twice, acting on a closed alarm):
 * HTTP 409.
 */
public final class AlarmConflictException extends RuntimeException {
  public AlarmConflictException(String message) {
    super(message);
  }
}
