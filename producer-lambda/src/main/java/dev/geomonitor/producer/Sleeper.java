package dev.geomonitor.producer;

import java.time.Duration;

/**
 * Waits. An interface so tests can record the waits the retry logic asks for instead of spending
 * them.
 */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
