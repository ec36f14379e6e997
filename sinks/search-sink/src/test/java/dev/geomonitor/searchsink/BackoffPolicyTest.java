package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {
  private final BackoffPolicy policy =
      new BackoffPolicy(Duration.ofMillis(100), Duration.ofSeconds(2));

  @Test
  void ceilingDoublesPerAttemptUntilTheCap() {
    // Given 100 ms initial and a 2 s cap; When the ceilings of successive attempts are asked; Then
    // they double, then stop
    assertThat(policy.ceiling(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.ceiling(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.ceiling(5)).isEqualTo(Duration.ofMillis(1600));
    assertThat(policy.ceiling(6)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.ceiling(10_000)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void delaysAreJitteredWithinTheCeiling() {
    // Given a seeded random source
    Random random = new Random(42);
    // When many delays of the same attempt are drawn
    var delays =
        java.util.stream.IntStream.range(0, 500).mapToObj(i -> policy.delay(4, random)).toList();
    // Then each lies in [0, ceiling] and they spread out instead of all being equal
    assertThat(delays)
        .allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(800)));
    assertThat(delays.stream().distinct().count()).isGreaterThan(100);
    assertThat(delays.stream().mapToLong(Duration::toMillis).max().orElseThrow())
        .isGreaterThan(600);
  }

  @Test
  void rejectsACapBelowTheInitialDelay() {
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SINK_RETRY_MAX_BACKOFF");
  }
}
