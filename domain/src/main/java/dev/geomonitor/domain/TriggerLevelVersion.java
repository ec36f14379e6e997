package dev.geomonitor.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of the trigger levels of an instrument type ({@code levels.boreholeNumber()} null) or
 * of one instrument, as engineers add them to {@code monitoring.trigger_level_versions}. It applies
 * to readings whose event time is at or after {@code effectiveFrom}, until a later version of the
 * same scope takes over. A baseline reset is a version with a new {@code levels.baseline()}: the
 * versions of a scope are its reset history.
 *
 * @param versionId the table's identity: later additions have higher ids (ties of effectiveFrom)
 * @param levels the scope, direction, baseline and Alert / Alarm / Action values
 * @param effectiveFrom event time from which the version applies
 * @param changedBy who added it
 * @param changedAt when the database accepted it
 * @param reason why
 */
public record TriggerLevelVersion(
    long versionId,
    TriggerLevels levels,
    Instant effectiveFrom,
    String changedBy,
    Instant changedAt,
    String reason) {

  public TriggerLevelVersion {
    Objects.requireNonNull(levels, "levels");
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
  }

  /**
   * {@code instrument} for a type version, {@code instrument:borehole_number} for one instrument.
   */
  public String scope() {
    return TriggerLevelHistory.scope(levels.instrument(), levels.boreholeNumber());
  }
}
