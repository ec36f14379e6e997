package dev.geomonitor.domain;

import java.time.Duration;

/**
 * The limits the validator applies. Time limits are measured against the producer's fetch time, never the wall clock
 * of the processor, so that replaying the log gives the same verdicts (a Kappa requirement).
 *
 * @param futureTolerance how far after fetch time a timestamp may lie (instrument clocks drift a little)
 * @param maxLateness how far before fetch time a timestamp may lie; older readings are rejected as late rather than
 *     dropped by the streaming watermark without trace. The Spark job's watermark must exceed
 *     {@code maxLateness + futureTolerance}.
 * @param grid the site grid
 */
public record ValidationPolicy(Duration futureTolerance, Duration maxLateness, SiteGrid grid) {
  public static final ValidationPolicy DEFAULT =
      new ValidationPolicy(Duration.ofMinutes(5), Duration.ofMinutes(15), SiteGrid.MELBOURNE);

  /** The smallest event-time watermark delay that never drops a reading this policy accepts. */
  public Duration minimumWatermarkDelay() {
    return maxLateness.plus(futureTolerance).plusMinutes(1);
  }
}
