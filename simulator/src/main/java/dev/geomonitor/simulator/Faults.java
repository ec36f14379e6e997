package dev.geomonitor.simulator;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * Fault switches, all off in {@link #none()}. Rates are probabilities in [0, 1]: response faults
 * are drawn once per data request, item faults once per item. An item gets at most one of malformed
 * / late / very late / future (so their rates must sum to at most 1); only clean items are
 * duplicated or corrected.
 *
 * @param unavailableRate share of requests answered 503 with a Retry-After header
 * @param retryAfterSeconds the Retry-After value sent with a 503
 * @param internalErrorRate share of requests answered 500 without Retry-After
 * @param slowRate share of requests answered after {@code slowDelayMillis}
 * @param slowDelayMillis the delay of a slow response
 * @param truncatedBodyRate share of 200 responses whose body is cut short (not JSON)
 * @param malformedRate share of items corrupted
 * @param malformedKinds the kinds to choose from (empty: all)
 * @param duplicateRate share of clean items served twice in the same response
 * @param lateRate share of items replaced by an older sample of the same instrument, 1 to 14
 *     minutes old
 * @param veryLateRate share of items replaced by a sample from a buffered upload, 15 to 90 minutes
 *     old
 * @param futureRate share of items stamped 1 to 6 hours ahead
 * @param correctedRate share of clean items served a second time in the same response with a
 *     corrected value (same timestamp, value shifted by a small calibration fix): a re-issue the
 *     pipeline must make visible
 */
public record Faults(
    @JsonProperty("unavailable_rate") double unavailableRate,
    @JsonProperty("retry_after_seconds") int retryAfterSeconds,
    @JsonProperty("internal_error_rate") double internalErrorRate,
    @JsonProperty("slow_rate") double slowRate,
    @JsonProperty("slow_delay_millis") long slowDelayMillis,
    @JsonProperty("truncated_body_rate") double truncatedBodyRate,
    @JsonProperty("malformed_rate") double malformedRate,
    @JsonProperty("malformed_kinds") List<MalformedKind> malformedKinds,
    @JsonProperty("duplicate_rate") double duplicateRate,
    @JsonProperty("late_rate") double lateRate,
    @JsonProperty("very_late_rate") double veryLateRate,
    @JsonProperty("future_rate") double futureRate,
    @JsonProperty("corrected_rate") double correctedRate) {

  static final long MAX_SLOW_DELAY_MILLIS = 300_000;

  public Faults {
    rate("unavailable_rate", unavailableRate);
    rate("internal_error_rate", internalErrorRate);
    rate("slow_rate", slowRate);
    rate("truncated_body_rate", truncatedBodyRate);
    rate("malformed_rate", malformedRate);
    rate("duplicate_rate", duplicateRate);
    rate("late_rate", lateRate);
    rate("very_late_rate", veryLateRate);
    rate("future_rate", futureRate);
    rate("corrected_rate", correctedRate);
    if (unavailableRate + internalErrorRate > 1.0 + 1e-9) {
      throw new IllegalArgumentException(
          "unavailable_rate + internal_error_rate must not exceed 1, got "
              + (unavailableRate + internalErrorRate));
    }
    double itemRates = malformedRate + lateRate + veryLateRate + futureRate;
    if (itemRates > 1.0 + 1e-9) {
      throw new IllegalArgumentException(
          "an item gets at most one fault, so malformed_rate + late_rate + very_late_rate + future_rate must not"
              + " exceed 1, got "
              + itemRates);
    }
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException(
          "retry_after_seconds must be >= 0, got " + retryAfterSeconds);
    }
    if (slowDelayMillis < 0 || slowDelayMillis > MAX_SLOW_DELAY_MILLIS) {
      throw new IllegalArgumentException(
          "slow_delay_millis must be between 0 and "
              + MAX_SLOW_DELAY_MILLIS
              + ", got "
              + slowDelayMillis);
    }
    malformedKinds = malformedKinds == null ? List.of() : List.copyOf(malformedKinds);
  }

  /** No faults: every response is a clean 200. */
  public static Faults none() {
    return new Faults(0, 1, 0, 0, 2000, 0, 0, List.of(), 0, 0, 0, 0, 0);
  }

  /** The kinds actually drawn from. */
  List<MalformedKind> effectiveMalformedKinds() {
    return malformedKinds.isEmpty() ? List.of(MalformedKind.values()) : malformedKinds;
  }

  public Faults withUnavailableRate(double rate) {
    return new Faults(
        rate,
        retryAfterSeconds,
        internalErrorRate,
        slowRate,
        slowDelayMillis,
        truncatedBodyRate,
        malformedRate,
        malformedKinds,
        duplicateRate,
        lateRate,
        veryLateRate,
        futureRate,
        correctedRate);
  }

  public Faults withRetryAfterSeconds(int seconds) {
    return new Faults(
        unavailableRate,
        seconds,
        internalErrorRate,
        slowRate,
        slowDelayMillis,
        truncatedBodyRate,
        malformedRate,
        malformedKinds,
        duplicateRate,
        lateRate,
        veryLateRate,
        futureRate,
        correctedRate);
  }

  public Faults withInternalErrorRate(double rate) {
    return new Faults(
        unavailableRate,
        retryAfterSeconds,
        rate,
        slowRate,
        slowDelayMillis,
        truncatedBodyRate,
        malformedRate,
        malformedKinds,
        duplicateRate,
        lateRate,
        veryLateRate,
        futureRate,
        correctedRate);
  }

  public Faults withSlowRate(double rate) {
    return new Faults(
        unavailableRate,
        retryAfterSeconds,
        internalErrorRate,
        rate,
        slowDelayMillis,
        truncatedBodyRate,
        malformedRate,
        malformedKinds,
        duplicateRate,
        lateRate,
        veryLateRate,
        futureRate,
        correctedRate);
  }

  public Faults withSlowDelay(Duration delay) {
    return new Faults(
        unavailableRate,
        retryAfterSeconds,
        internalErrorRate,
        slowRate,
        delay.toMillis(),
        truncatedBodyRate,
        malformedRate,
        malformedKinds,
        duplicateRate,
        lateRate,
        veryLateRate,
        futureRate,
        correctedRate);
  }

  public Faults withTruncatedBodyRate(double rate) {
    return new Faults(
        unavailableRate,
        retryAfterSeconds,
        internalErrorRate,
        slowRate,
        slowDelayMillis,
        rate,
        malformedRate,
        malformedKinds,
        duplicateRate,
        lateRate,
        veryLateRate,
        futureRate,
        correctedRate);
  }

  public Faults withMalformedRate(double rate) {
    return new Faults(
        unavailableRate,
        retryAfterSeconds,
        internalErrorRate,
        slowRate,
        slowDelayMillis,
        truncatedBodyRate,
        rate,
        malformedKinds,
        duplicateRate,
        lateRate,
        veryLateRate,
        futureRate,
        correctedRate);
  }

  public Faults withMalformedKinds(List<MalformedKind> kinds) {
    return new Faults(
        unavailableRate,
        retryAfterSeconds,
        internalErrorRate,
        slowRate,
        slowDelayMillis,
        truncatedBodyRate,
        malformedRate,
        kinds,
        duplicateRate,
        lateRate,
        veryLateRate,
        futureRate,
        correctedRate);
  }

  public Faults withDuplicateRate(double rate) {
    return new Faults(
        unavailableRate,
        retryAfterSeconds,
        internalErrorRate,
        slowRate,
        slowDelayMillis,
        truncatedBodyRate,
        malformedRate,
        malformedKinds,
        rate,
        lateRate,
        veryLateRate,
        futureRate,
        correctedRate);
  }

  public Faults withLateRate(double rate) {
    return new Faults(
        unavailableRate,
        retryAfterSeconds,
        internalErrorRate,
        slowRate,
        slowDelayMillis,
        truncatedBodyRate,
        malformedRate,
        malformedKinds,
        duplicateRate,
        rate,
        veryLateRate,
        futureRate,
        correctedRate);
  }

  public Faults withVeryLateRate(double rate) {
    return new Faults(
        unavailableRate,
        retryAfterSeconds,
        internalErrorRate,
        slowRate,
        slowDelayMillis,
        truncatedBodyRate,
        malformedRate,
        malformedKinds,
        duplicateRate,
        lateRate,
        rate,
        futureRate,
        correctedRate);
  }

  public Faults withFutureRate(double rate) {
    return new Faults(
        unavailableRate,
        retryAfterSeconds,
        internalErrorRate,
        slowRate,
        slowDelayMillis,
        truncatedBodyRate,
        malformedRate,
        malformedKinds,
        duplicateRate,
        lateRate,
        veryLateRate,
        rate,
        correctedRate);
  }

  public Faults withCorrectedRate(double rate) {
    return new Faults(
        unavailableRate,
        retryAfterSeconds,
        internalErrorRate,
        slowRate,
        slowDelayMillis,
        truncatedBodyRate,
        malformedRate,
        malformedKinds,
        duplicateRate,
        lateRate,
        veryLateRate,
        futureRate,
        rate);
  }

  private static void rate(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be a rate between 0 and 1, got " + value);
    }
  }
}
