package dev.geomonitor.producer;

/**
 * A poll cycle could not complete. {@link #fatal()} sorts it: fatal failures (bad configuration,
 * authentication, a record that can never be serialized) stop the producer, because retrying cannot
 * help and would only hide them; the others (a broker briefly away) fail this poll and let the next
 * one try again.
 */
public class PollFailedException extends RuntimeException {
  private final boolean fatal;

  public PollFailedException(String message, boolean fatal, Throwable cause) {
    super(message, cause);
    this.fatal = fatal;
  }

  public boolean fatal() {
    return fatal;
  }
}
