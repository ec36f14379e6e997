package dev.geomonitor.searchsink;

import dev.geomonitor.domain.DeadLetter;
import java.util.List;

/**
 * Sends dead letters and returns only once every one is acknowledged, so the caller may then commit
 * offsets.
 */
public interface DeadLetterPublisher extends AutoCloseable {

  /**
   * One dead letter and the key of the record it is about (kept so the DLQ stays partitioned like
   * the source).
   */
  record Letter(String key, DeadLetter deadLetter) {}

  void publish(List<Letter> letters);

  @Override
  void close();
}
