package dev.geomonitor.producer;

/**
 * The source API refused the request with a 4xx other than 429: a wrong URL, path or credentials.
 * Retrying would only hammer the API with the same mistake, so this is fatal.
 */
public final class SourceApiConfigException extends PollFailedException {
  public SourceApiConfigException(String message) {
    super(message, true, null);
  }
}
