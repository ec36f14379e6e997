package dev.geomonitor.local.runner;

import dev.geomonitor.simulator.Faults;
import java.time.Duration;

/**
 * The faults {@code --faults} switches on: a few of every kind (late, buffered, duplicated and
 * corrected readings included), so the DLQ, the late alerts and the retries have something to show.
 */
final class DemoFaults {
  static final Faults DEMO =
      Faults.none()
          .withUnavailableRate(0.05)
          .withRetryAfterSeconds(1)
          .withInternalErrorRate(0.02)
          .withSlowRate(0.02)
          .withSlowDelay(Duration.ofMillis(800))
          .withMalformedRate(0.01)
          .withDuplicateRate(0.02)
          .withLateRate(0.01)
          .withVeryLateRate(0.005)
          .withFutureRate(0.005)
          .withCorrectedRate(0.005)
          .withTruncatedBodyRate(0.01);

  private DemoFaults() {}
}
