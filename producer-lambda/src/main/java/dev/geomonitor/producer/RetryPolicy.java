package dev.geomonitor.producer;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How the producer retries the source API: capped exponential backoff with jitter, or the server's
 * own {@code Retry-After} when it sends one (capped too, so a misconfigured server cannot park a
 * Lambda for an hour). Pure functions: the randomness and the clock are arguments, so tests can pin
 * them.
 *
 * @param maxAttempts attempts per request, the first one included (1 = never retry)
 * @param initialBackoff the backoff ceiling before the first retry; doubles per retry
 * @param maxBackoff the largest backoff ceiling
 * @param maxRetryAfter the longest wait a {@code Retry-After} header may ask for
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    requireNonNegative("initialBackoff", initialBackoff);
    requireNonNegative("maxBackoff", maxBackoff);
    requireNonNegative("maxRetryAfter", maxRetryAfter);
    if (initialBackoff.compareTo(maxBackoff) > 0) {
      throw new IllegalArgumentException(
          "initialBackoff " + initialBackoff + " is larger than maxBackoff " + maxBackoff);
    }
  }

  /**
   * The wait before retry number {@code retry} (1 = the first retry) when the server gave no usable
   * Retry-After. "Equal jitter": half of the capped exponential ceiling is fixed, the other half
   * random, so retries from many producers spread out yet never collapse to an immediate hammering
   * retry.
   *
   * @param random a number in [0, 1)
   */
  public Duration backoff(int retry, double random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry counts from 1, got " + retry);
    }
    if (random < 0 || random >= 1) {
      throw new IllegalArgumentException("random must be in [0, 1), got " + random);
    }
    long ceiling = ceilingMillis(retry);
    long half = ceiling / 2;
    return Duration.ofMillis(half + (long) (random * (ceiling - half)));
  }

  /**
   * The un-jittered ceiling for a retry: initial * 2^(retry-1), capped; computed without overflow.
   */
  long ceilingMillis(int retry) {
    long cap = maxBackoff.toMillis();
    long ceiling = initialBackoff.toMillis();
    for (int i = 1; i < retry && ceiling < cap; i++) {
      ceiling *= 2;
    }
    return Math.min(ceiling, cap);
  }

  /**
   * The wait before retry number {@code retry}: the server's Retry-After (capped) if usable, else
   * the backoff.
   */
  public Duration delayBeforeRetry(int retry, String retryAfterHeader, Instant now, double random) {
    return parseRetryAfter(retryAfterHeader, now)
        .map(wait -> wait.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : wait)
        .orElseGet(() -> backoff(retry, random));
  }

  /**
   * Reads a {@code Retry-After} value: delay-seconds ("120") or an HTTP date ("Wed, 21 Oct 2015
   * 07:28:00 GMT"). A date in the past means "now". Anything else is empty: an unreadable header
   * falls back to the backoff rather than failing.
   */
  public static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException | ArithmeticException tooLarge) {
        // more seconds than a long holds: the cap applies anyway
        return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1000));
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }

  private static void requireNonNegative(String name, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be zero or positive, got " + d);
    }
  }
}
