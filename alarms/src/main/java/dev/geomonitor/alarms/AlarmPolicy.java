package dev.geomonitor.alarms;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the lifecycle needs to decide: per level, how long people have to acknowledge and how many
 * escalation steps follow; how long a cleared alarm must stay clear before the all-clear; the
 * instrument watch's intervals.
 *
 * @param levels per level name (ALERT, ALARM, ACTION, STALE, FLATLINE)
 * @param clearHold a cleared alarm that crosses again within this time is reopened (same alarm, no
 *     new raise message); after it the all-clear is sent. Nuisance control for values flapping
 *     around a level.
 * @param stale expected reporting intervals
 * @param flatlineCount readings in a row at exactly the same value that make a FLATLINE warning (0:
 *     off)
 * @param rates rate-of-change triggers (RATE alarms) of the alarms file: version 0, under the
 *     versions engineers add to {@code monitoring.rate_trigger_versions} ({@link
 *     RateTriggerHistory})
 */
public record AlarmPolicy(
    Map<String, LevelPolicy> levels,
    Duration clearHold,
    StaleIntervals stale,
    int flatlineCount,
    RateTriggers rates) {

  /**
   * @param ackWithin the deadline to acknowledge an alarm at this level; each further period
   *     without an acknowledgement is one more escalation step
   * @param escalations how many escalation steps there are (each notifies its own recipient groups)
   * @param remindEvery an acknowledged alarm still active is recalled to the level's groups this
   *     often (null: never)
   */
  public record LevelPolicy(Duration ackWithin, int escalations, Duration remindEvery) {
    public LevelPolicy(Duration ackWithin, int escalations) {
      this(ackWithin, escalations, null);
    }

    public LevelPolicy {
      if (remindEvery != null && (remindEvery.isNegative() || remindEvery.isZero())) {
        throw new IllegalArgumentException(
            "remind_every must be a positive ISO-8601 duration, got " + remindEvery);
      }
      Objects.requireNonNull(ackWithin, "ackWithin");
      if (ackWithin.isNegative() || ackWithin.isZero()) {
        throw new IllegalArgumentException(
            "ack_within must be a positive ISO-8601 duration, got " + ackWithin);
      }
      if (escalations < 0) {
        throw new IllegalArgumentException("escalations must be >= 0, got " + escalations);
      }
    }
  }

  /** Used for a level the file does not name: a day to acknowledge, no escalation. */
  public static final LevelPolicy UNCONFIGURED = new LevelPolicy(Duration.ofDays(1), 0);

  /** A policy without rate-of-change triggers. */
  public AlarmPolicy(
      Map<String, LevelPolicy> levels,
      Duration clearHold,
      StaleIntervals stale,
      int flatlineCount) {
    this(levels, clearHold, stale, flatlineCount, RateTriggers.NONE);
  }

  public AlarmPolicy {
    levels = Map.copyOf(levels);
    Objects.requireNonNull(rates, "rates");
    Objects.requireNonNull(clearHold, "clearHold");
    if (clearHold.isNegative()) {
      throw new IllegalArgumentException("clear_hold must not be negative, got " + clearHold);
    }
    Objects.requireNonNull(stale, "stale");
    if (flatlineCount < 0 || flatlineCount == 1) {
      throw new IllegalArgumentException(
          "flatline count must be 0 (off) or at least 2, got " + flatlineCount);
    }
  }

  public LevelPolicy level(String level) {
    return levels.getOrDefault(level.toUpperCase(Locale.ROOT), UNCONFIGURED);
  }
}
