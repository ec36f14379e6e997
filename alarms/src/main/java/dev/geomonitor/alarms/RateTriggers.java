package dev.geomonitor.alarms;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rate-of-change triggers (e.g. more than 5 mm in 24 h): per instrument type, overridden per
 * instrument. They catch an acceleration while the value is still under its absolute levels. These
 * are the alarms file's {@code rate} section, version 0 of the triggers; {@link RateTriggerHistory}
 * puts the versions of {@code monitoring.rate_trigger_versions} over them.
 */
public record RateTriggers(Map<String, Rule> byType, Map<String, Rule> byInstrument) {
  public static final RateTriggers NONE = new RateTriggers(Map.of(), Map.of());

  /**
   * @param change a RATE alarm is raised when the value moved by more than this (either way) within
   *     {@code within}
   * @param within the period, in reading time, ending at the instrument's newest reading
   * @param clearBelow the alarm clears only when the change is back below this (hysteresis: {@code
   *     <= change})
   */
  public record Rule(double change, Duration within, double clearBelow) {
    public Rule {
      if (!(change > 0) || !Double.isFinite(change)) {
        throw new IllegalArgumentException("rate change must be a positive number, got " + change);
      }
      Objects.requireNonNull(within, "within");
      if (within.isNegative() || within.isZero()) {
        throw new IllegalArgumentException(
            "rate within must be a positive ISO-8601 duration, got " + within);
      }
      if (!(clearBelow >= 0) || clearBelow > change) {
        throw new IllegalArgumentException(
            "rate clear_below must be between 0 and change (" + change + "), got " + clearBelow);
      }
    }
  }

  public RateTriggers {
    byType = Map.copyOf(byType);
    byInstrument = Map.copyOf(byInstrument);
  }

  public Optional<Rule> ruleFor(String instrument, String boreholeNumber) {
    Rule own = byInstrument.get(instrument + ":" + boreholeNumber);
    return Optional.ofNullable(own != null ? own : byType.get(instrument));
  }

  public boolean isEmpty() {
    return byType.isEmpty() && byInstrument.isEmpty();
  }
}
