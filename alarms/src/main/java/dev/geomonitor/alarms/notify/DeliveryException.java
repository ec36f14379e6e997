package dev.geomonitor.alarms.notify;

/** A message was not accepted by the recipient's server; the message says what it answered. */
public final class DeliveryException extends Exception {
  public DeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
