package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SinkProgressLogTest {

  /** A clock the test moves by hand. */
  private static final class StepClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void logsOneLinePerIntervalWithTheRateAndTotals() {
    StepClock clock = new StepClock();
    SinkProgressLog progress = new SinkProgressLog(Duration.ofSeconds(5), clock);
    SinkTotals totals = new SinkTotals(10_010, 10_000, 10, 0, 3, 12);
    clock.now = clock.now.plusSeconds(2);
    assertThat(progress.maybeLog(totals)).isNull();
    clock.now = clock.now.plusSeconds(3);
    assertThat(progress.maybeLog(totals))
        .contains("2000 docs/s")
        .contains("indexed=10000")
        .contains("dead-lettered=10")
        .contains("retries=3");
  }
}
