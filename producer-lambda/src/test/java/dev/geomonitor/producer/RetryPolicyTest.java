package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-24T20:00:00Z");
  private final RetryPolicy policy =
      new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(1_000), Duration.ofSeconds(5));

  @Test
  void backoffCeilingDoublesPerRetryUntilTheCap() {
    // Given a policy starting at 100 ms, capped at 1 s
    // When the ceilings of successive retries are computed
    // Then they double and then stay at the cap
    assertThat(policy.ceilingMillis(1)).isEqualTo(100);
    assertThat(policy.ceilingMillis(2)).isEqualTo(200);
    assertThat(policy.ceilingMillis(4)).isEqualTo(800);
    assertThat(policy.ceilingMillis(5)).isEqualTo(1_000);
    assertThat(policy.ceilingMillis(60)).isEqualTo(1_000);
  }

  @Test
  void jitterKeepsTheWaitBetweenHalfTheCeilingAndTheCeiling() {
    // Given retry 3 (ceiling 400 ms)
    // When the random draw is at its extremes
    Duration lowest = policy.backoff(3, 0.0);
    Duration highest = policy.backoff(3, 0.999_999);
    Duration middle = policy.backoff(3, 0.5);
    // Then the wait spans [200, 400) ms and moves with the draw
    assertThat(lowest).isEqualTo(Duration.ofMillis(200));
    assertThat(highest).isBetween(Duration.ofMillis(399), Duration.ofMillis(400));
    assertThat(middle).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void backoffNeverExceedsTheCapHoweverManyRetries() {
    for (int retry = 1; retry < 100; retry++) {
      assertThat(policy.backoff(retry, 0.999)).isLessThanOrEqualTo(Duration.ofMillis(1_000));
    }
  }

  @Test
  void retryAfterInSecondsIsRead() {
    assertThat(RetryPolicy.parseRetryAfter("3", NOW)).contains(Duration.ofSeconds(3));
    assertThat(RetryPolicy.parseRetryAfter(" 0 ", NOW)).contains(Duration.ZERO);
  }

  @Test
  void retryAfterAsHttpDateIsTheTimeUntilThatDate() {
    assertThat(RetryPolicy.parseRetryAfter("Tue, 24 Nov 2026 20:00:07 GMT", NOW))
        .contains(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterDateInThePastMeansRetryNow() {
    assertThat(RetryPolicy.parseRetryAfter("Tue, 24 Nov 2026 19:59:00 GMT", NOW))
        .contains(Duration.ZERO);
  }

  @Test
  void unreadableRetryAfterIsIgnored() {
    assertThat(RetryPolicy.parseRetryAfter("soon", NOW)).isEmpty();
    assertThat(RetryPolicy.parseRetryAfter("-5", NOW)).isEmpty();
    assertThat(RetryPolicy.parseRetryAfter(null, NOW)).isEmpty();
  }

  @Test
  void serverRetryAfterWinsOverBackoffButIsCapped() {
    // Given a cap of 5 s on Retry-After
    // When the server asks for 2 s, then for an hour
    // Then 2 s is honoured exactly and the hour is cut to the cap
    assertThat(policy.delayBeforeRetry(1, "2", NOW, 0.0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayBeforeRetry(1, "3600", NOW, 0.0)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void withoutRetryAfterTheJitteredBackoffApplies() {
    assertThat(policy.delayBeforeRetry(2, null, NOW, 0.0)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delayBeforeRetry(2, "garbage", NOW, 0.0)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void nonsensicalPoliciesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(
            () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO))
        .hasMessageContaining("larger than maxBackoff");
  }
}
