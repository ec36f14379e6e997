package dev.geomonitor.searchsink;

/**
 * A batch could not be finished: not fully indexed after every retry (cluster unreachable longer
 * than allowed, items still refused with 429/5xx) or its dead letters not acknowledged by Kafka.
 * Nothing of the batch may be committed; the caller retries the whole batch, which is safe because
 * every document id is the record's natural key.
 */
public final class BatchIncompleteException extends RuntimeException {
  public BatchIncompleteException(String message, Throwable cause) {
    super(message, cause);
  }
}
