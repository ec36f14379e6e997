package dev.geomonitor.searchsink;

/**
 * A stop was requested while a batch was still waiting for OpenSearch: the batch is left
 * uncommitted.
 */
public final class SinkStoppedException extends RuntimeException {
  public SinkStoppedException(String message) {
    super(message);
  }
}
