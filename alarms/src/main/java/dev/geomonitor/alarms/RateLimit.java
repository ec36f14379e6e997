package dev.geomonitor.alarms;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code maxMessages} messages about one alarm within any {@code per}: a flapping
 * instrument cannot flood anyone. Messages over the limit are recorded as SUPPRESSED (visible in
 * the API and the tables), not sent.
 */
public record RateLimit(int maxMessages, Duration per) {
  public static final RateLimit DEFAULT = new RateLimit(6, Duration.ofHours(1));

  public RateLimit {
    if (maxMessages < 1) {
      throw new IllegalArgumentException(
          "rate_limit.max_messages must be at least 1, got " + maxMessages);
    }
    Objects.requireNonNull(per, "per");
    if (per.isNegative() || per.isZero()) {
      throw new IllegalArgumentException(
          "rate_limit.per must be a positive ISO-8601 duration, got " + per);
    }
  }
}
