package dev.geomonitor.alarms;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of the rate-of-change trigger of an instrument type ({@code boreholeNumber} null) or
 * of one instrument, as engineers add them to {@code monitoring.rate_trigger_versions}. It applies
 * to the rate check of a series whose newest reading is stamped at or after {@code effectiveFrom},
 * until a later version of the same scope takes over.
 *
 * @param versionId the table's identity: later additions have higher ids (ties of effectiveFrom)
 * @param instrument the instrument type
 * @param boreholeNumber the one instrument, or null for the type
 * @param rule the trigger, or null: no rate trigger for this scope (switched off)
 * @param effectiveFrom event time from which the version applies
 * @param changedBy who added it
 * @param changedAt when the database accepted it
 * @param reason why
 */
public record RateTriggerVersion(
    long versionId,
    String instrument,
    String boreholeNumber,
    RateTriggers.Rule rule,
    Instant effectiveFrom,
    String changedBy,
    Instant changedAt,
    String reason) {

  public RateTriggerVersion {
    Objects.requireNonNull(instrument, "instrument");
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
  }

  /**
   * {@code instrument} for a type version, {@code instrument:borehole_number} for one instrument.
   */
  public String scope() {
    return RateTriggerHistory.scope(instrument, boreholeNumber);
  }

  /** The trigger, empty when this version switches the scope's trigger off. */
  public Optional<RateTriggers.Rule> maybeRule() {
    return Optional.ofNullable(rule);
  }
}
