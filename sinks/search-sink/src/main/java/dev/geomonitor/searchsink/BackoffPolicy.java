package dev.geomonitor.searchsink;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with full jitter: attempt n waits a uniform random time in [0,
 * min(cap, initial * 2^n)], so many sinks retrying together spread out instead of hitting a
 * recovering cluster in step.
 */
public record BackoffPolicy(Duration initial, Duration cap) {

  public BackoffPolicy {
    if (initial.isNegative() || initial.isZero() || cap.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= cap; got initial="
              + initial
              + ", cap="
              + cap
              + " (SINK_RETRY_INITIAL_BACKOFF, SINK_RETRY_MAX_BACKOFF)");
    }
  }

  /** The upper bound of the wait before retry number {@code attempt} (1 = first retry). */
  public Duration ceiling(int attempt) {
    int doublings = Math.max(0, Math.min(attempt - 1, 30));
    long millis = initial.toMillis() << doublings;
    return millis <= 0 || millis > cap.toMillis() ? cap : Duration.ofMillis(millis);
  }

  public Duration delay(int attempt, RandomGenerator random) {
    long ceiling = ceiling(attempt).toMillis();
    return Duration.ofMillis(random.nextLong(ceiling + 1));
  }
}
