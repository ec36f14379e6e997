package dev.geomonitor.alarms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every version of the rate-of-change triggers, resolved by event time. Version 0 is the alarms
 * file's {@code rate} section ({@link RateTriggers}), in force from the beginning of time; each
 * {@link RateTriggerVersion} replaces the trigger of its scope for series whose newest reading is
 * stamped at or after its {@code effective_from}.
 *
 * <p>For instrument {@code i} of type {@code t} judged at the event time {@code ts} of its newest
 * reading, the trigger is the first of: the latest version of scope {@code i} with {@code
 * effective_from <= ts}; the file's rule for {@code i}; the latest version of scope {@code t} with
 * {@code effective_from <= ts}; the file's rule for {@code t}. That is the order the review levels
 * resolve in ({@code TriggerLevelHistory}): a more specific scope always wins, so a per-instrument
 * rule of the file is not overruled by a later type version. Among versions of one scope the latest
 * {@code effective_from} wins, then the latest added. A version without a rule switches the trigger
 * off for its scope (an instrument's switches it off for that instrument even when its type has
 * one). The answer depends on the reading time and the versions alone, never on when the watch
 * runs: a replay judges alike.
 */
public final class RateTriggerHistory {
  private static final Comparator<RateTriggerVersion> ORDER =
      Comparator.comparing(RateTriggerVersion::effectiveFrom)
          .thenComparingLong(RateTriggerVersion::versionId);

  private final RateTriggers initial;
  private final Map<String, List<RateTriggerVersion>> byScope = new HashMap<>();
  private final boolean anyRule;

  private RateTriggerHistory(RateTriggers initial, List<RateTriggerVersion> versions) {
    this.initial = Objects.requireNonNull(initial, "initial");
    boolean rule = false;
    for (RateTriggerVersion v : versions) {
      byScope.computeIfAbsent(v.scope(), k -> new ArrayList<>()).add(v);
      rule |= v.rule() != null;
    }
    byScope.values().forEach(l -> l.sort(ORDER));
    this.anyRule = rule;
  }

  /** Version 0 only: the alarms file's {@code rate} section. */
  public static RateTriggerHistory of(RateTriggers initial) {
    return new RateTriggerHistory(initial, List.of());
  }

  public static RateTriggerHistory of(RateTriggers initial, List<RateTriggerVersion> versions) {
    return new RateTriggerHistory(initial, versions);
  }

  static String scope(String instrument, String boreholeNumber) {
    return boreholeNumber == null ? instrument : instrument + ":" + boreholeNumber;
  }

  public RateTriggers initial() {
    return initial;
  }

  /** True when no instrument can have a rate trigger at any time: the watch skips the check. */
  public boolean isEmpty() {
    return initial.isEmpty() && !anyRule;
  }

  /**
   * What decided an instrument's trigger, named in the alarm's audit trail.
   *
   * @param versionId the version's id, 0 for the alarms file
   * @param rule the trigger, null when there is none (switched off, or never set)
   */
  public record InForce(long versionId, RateTriggers.Rule rule) {
    public Optional<RateTriggers.Rule> maybeRule() {
      return Optional.ofNullable(rule);
    }

    /** "rate version 3", or "alarms file" for version 0. */
    public String source() {
      return versionId == 0 ? "alarms file" : "rate version " + versionId;
    }
  }

  /** The rate trigger of this instrument for its newest reading stamped {@code ts}, if any. */
  public Optional<RateTriggers.Rule> ruleAt(String instrument, String boreholeNumber, Instant ts) {
    return inForceAt(instrument, boreholeNumber, ts).maybeRule();
  }

  /** As {@link #ruleAt}, with the version it comes from. */
  public InForce inForceAt(String instrument, String boreholeNumber, Instant ts) {
    Objects.requireNonNull(ts, "ts");
    RateTriggerVersion own = inForce(scope(instrument, boreholeNumber), ts);
    if (own != null) {
      return new InForce(own.versionId(), own.rule());
    }
    RateTriggers.Rule fileOwn = initial.byInstrument().get(scope(instrument, boreholeNumber));
    if (fileOwn != null) {
      return new InForce(0, fileOwn);
    }
    RateTriggerVersion type = inForce(instrument, ts);
    if (type != null) {
      return new InForce(type.versionId(), type.rule());
    }
    return new InForce(0, initial.byType().get(instrument));
  }

  /** The latest version of the scope with {@code effective_from <= ts}, or null. */
  private RateTriggerVersion inForce(String scope, Instant ts) {
    List<RateTriggerVersion> versions = byScope.getOrDefault(scope, List.of());
    for (int i = versions.size() - 1; i >= 0; i--) {
      if (!versions.get(i).effectiveFrom().isAfter(ts)) {
        return versions.get(i);
      }
    }
    return null;
  }
}
