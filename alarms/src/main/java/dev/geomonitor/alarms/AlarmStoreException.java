package dev.geomonitor.alarms;

/**
 * The alarm tables could not be read or written; the message names the operation and the database's
 * reason.
 */
public final class AlarmStoreException extends RuntimeException {
  public AlarmStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
