package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.batchstore.BatchStoreException;
import dev.geomonitor.batchstore.TriggerLevelVersions;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevelVersion;
import dev.geomonitor.domain.TriggerLevels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LevelsReloadTest {
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
  private static final Duration INTERVAL = Duration.ofMinutes(1);
  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final Duration GRACE = Duration.ofMinutes(15);

  private final MutableClock clock = new MutableClock();
  private final List<Duration> pauses = new ArrayList<>();

  /** Answers the queued snapshots (or throws the queued faults), repeating the last. */
  private static final class Source implements Supplier<TriggerLevelVersions.Snapshot> {
    final Deque<Object> answers = new ArrayDeque<>();
    Object last;
    int calls;

    @Override
    public TriggerLevelVersions.Snapshot get() {
      calls++;
      Object next = answers.isEmpty() ? last : answers.poll();
      last = next;
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return (TriggerLevelVersions.Snapshot) next;
    }
  }

  private static final class MutableClock extends Clock {
    Instant now = NOW;

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

  private LevelsReload reload(Source source) {
    return new LevelsReload(
        TriggerLevelCatalog.defaults(), source, INTERVAL, TOLERANCE, clock, pauses::add);
  }

  private static TriggerLevelVersions.Snapshot snapshot(Duration grace, TriggerLevelVersion... v) {
    return new TriggerLevelVersions.Snapshot(List.of(v), grace);
  }

  private static TriggerLevelVersion tighter(long id, Instant from) {
    return new TriggerLevelVersion(
        id,
        new TriggerLevels("water_standpipe", null, TriggerLevels.Direction.BOTH, null, 0.5, 1, 2),
        from,
        "j.smith",
        from.minus(GRACE),
        "tighter after the inspection");
  }

  private double standpipeAlertAt(LevelsReload reload, Instant ts) {
    return reload.inForce().history().levelsAt("water_standpipe", "BH-1", ts).alert();
  }

  @Test
  void aGraceThatDoesNotExceedTheIntervalPlusTheFutureToleranceStopsTheStart() {
    Source source = new Source();
    source.answers.add(snapshot(Duration.ofMinutes(6)));

    assertThatThrownBy(() -> reload(source).loadAtStart())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must exceed LEVELS_RELOAD_INTERVAL + FUTURE_TOLERANCE");
  }

  @Test
  void versionsAreReloadedBeforeTheFirstBatchAfterTheInterval() {
    // Given the job started with no versions
    Source source = new Source();
    source.answers.add(snapshot(GRACE));
    LevelsReload reload = reload(source);
    reload.loadAtStart();
    Instant from = NOW.plus(GRACE);
    source.answers.add(snapshot(GRACE, tighter(1, from)));

    // When a batch starts within the interval, then one after it
    clock.now = NOW.plusSeconds(59);
    reload.beforeBatch(0);
    double withinInterval = standpipeAlertAt(reload, from);
    clock.now = NOW.plusSeconds(60);
    reload.beforeBatch(1);

    // Then only the second batch sees the new version, and only from its effective_from
    assertThat(withinInterval).isEqualTo(1.0);
    assertThat(source.calls).isEqualTo(2);
    assertThat(standpipeAlertAt(reload, from)).isEqualTo(0.5);
    assertThat(standpipeAlertAt(reload, from.minusMillis(1))).isEqualTo(1.0);
  }

  @Test
  void aBatchWaitsAndRetriesWhileTheVersionsCannotBeRead() {
    // Given
    Source source = new Source();
    source.answers.add(snapshot(GRACE));
    LevelsReload reload = reload(source);
    reload.loadAtStart();
    source.answers.add(new BatchStoreException("connection refused", null));
    source.answers.add(new BatchStoreException("connection refused", null));
    source.answers.add(new BatchStoreException("connection refused", null));
    source.answers.add(snapshot(GRACE, tighter(1, NOW.plus(GRACE))));

    // When
    clock.now = NOW.plus(INTERVAL);
    reload.beforeBatch(5);

    // Then it waited with a growing backoff and went on only with the fresh versions
    assertThat(pauses)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(standpipeAlertAt(reload, NOW.plus(GRACE))).isEqualTo(0.5);
  }

  @Test
  void aGraceLoweredWhileRunningStopsTheBatch() {
    Source source = new Source();
    source.answers.add(snapshot(GRACE));
    LevelsReload reload = reload(source);
    reload.loadAtStart();
    source.answers.add(snapshot(Duration.ofMinutes(2)));
    clock.now = NOW.plus(INTERVAL);

    assertThatThrownBy(() -> reload.beforeBatch(1)).isInstanceOf(IllegalStateException.class);
    assertThat(pauses).isEmpty();
  }
}
