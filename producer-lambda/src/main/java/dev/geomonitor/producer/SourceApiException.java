package dev.geomonitor.producer;

/**
 * One endpoint could not be fetched: every attempt failed (5xx, 429, timeout, connection refused)
 * or the status was unexpected. The poll records it as an error and goes on with the other
 * endpoints; the next poll tries again.
 */
public final class SourceApiException extends Exception {
  private final String url;
  private final int retries;

  public SourceApiException(String url, int retries, String message, Throwable cause) {
    super(message, cause);
    this.url = url;
    this.retries = retries;
  }

  public String url() {
    return url;
  }

  /** Retries spent before giving up. */
  public int retries() {
    return retries;
  }
}
