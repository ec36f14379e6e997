package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevelHistory;
import dev.geomonitor.domain.TriggerLevelHistory.SeriesLevels;
import dev.geomonitor.domain.TriggerLevelVersion;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.WindowAggregate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The per-series semantics are a function of the log alone: for many generated logs of one series
 * (late, out of order, repeated, corrected, beyond the horizon), every way of cutting the log into
 * batches — each batch handed over in a shuffled order — gives the same readings, alerts, dead
 * letters and final windows. The job-level counterpart is {@code SplitInvarianceIT}.
 */
class InstrumentTimelineSplitTest {
  static final int LOGS = 300;
  private static final TriggerLevels STANDPIPE =
      TriggerLevelCatalog.defaults().levelsFor("water_standpipe", "BH-1");
  private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

  /** Everything one run produced, in production order (windows: the last emission of each). */
  private record Outputs(
      List<EnrichedReading> readings,
      List<StatusAlert> alerts,
      List<String> conflicts,
      Map<String, WindowAggregate> windows,
      int duplicates,
      int beyondHorizon) {}

  @Test
  void everySplitOfEveryGeneratedLogGivesTheSameOutputs() {
    int splits = 0;
    int lateAlerts = 0;
    for (long seed = 1; seed <= LOGS; seed++) {
      Random random = new Random(seed);
      List<ReadingRow> log = generate(random);
      Outputs whole = run(log, List.of(log.size()), random, CONSTANT);
      for (List<Integer> cut : cuts(random, log.size())) {
        assertThat(run(log, cut, random, CONSTANT)).as("log %d cut %s", seed, cut).isEqualTo(whole);
        splits++;
      }
      lateAlerts += (int) whole.alerts().stream().filter(StatusAlert::late).count();
    }
    assertThat(splits).isEqualTo(LOGS * 4);
    assertThat(lateAlerts).as("the logs exercised late alerts").isPositive();
  }

  /**
   * Review levels that change in the middle of the log (a type version with tighter levels, then a
   * baseline reset of the instrument): each reading is judged by the version in force at its event
   * time, whatever the batch it arrives in, so every split still gives the same outputs.
   */
  @Test
  void everySplitGivesTheSameOutputsWhenTheLevelsChangeInTheMiddleOfTheLog() {
    TriggerLevelHistory history =
        TriggerLevelHistory.of(
            TriggerLevelCatalog.defaults(),
            List.of(
                version(1, null, null, 0.4, START.plusSeconds(10 * 60)),
                version(2, "BH-1", 79.5, 0.8, START.plusSeconds(25 * 60))));
    int splits = 0;
    int differing = 0;
    for (long seed = 1; seed <= LOGS; seed++) {
      Random random = new Random(seed);
      List<ReadingRow> log = generate(random);
      Outputs whole = run(log, List.of(log.size()), random, () -> series(history));
      for (List<Integer> cut : cuts(random, log.size())) {
        assertThat(run(log, cut, random, () -> series(history)))
            .as("log %d cut %s", seed, cut)
            .isEqualTo(whole);
        splits++;
      }
      for (EnrichedReading r : whole.readings()) {
        if (!r.ts().isBefore(START.plusSeconds(25 * 60))) {
          assertThat(r.baseline())
              .as("baseline of %s after the reset", r.readingId())
              .isEqualTo(79.5);
        }
      }
      if (!whole.equals(run(log, List.of(log.size()), random, CONSTANT))) {
        differing++;
      }
    }
    assertThat(splits).isEqualTo(LOGS * 4);
    assertThat(differing)
        .as("the level change changed the outputs of most logs")
        .isGreaterThan(LOGS / 2);
  }

  /**
   * Levels with persistence and a clearing band, whose reading's status depends on the readings
   * before it in event time (and a version halfway through that changes both): still the same
   * outputs for every split, and different ones from the levels without them.
   */
  @Test
  void everySplitGivesTheSameOutputsWithPersistenceAndHysteresis() {
    TriggerLevels held =
        new TriggerLevels(
            "water_standpipe", null, TriggerLevels.Direction.BOTH, null, 1, 2, 3, 3, 0.4);
    TriggerLevelHistory history =
        TriggerLevelHistory.of(
            TriggerLevelCatalog.of(withDefaults(held)),
            List.of(
                new TriggerLevelVersion(
                    1,
                    new TriggerLevels("water_standpipe", "BH-1", null, null, 0.8, 1.6, 2.4, 2, 0.6),
                    START.plusSeconds(15 * 60),
                    "test",
                    START,
                    "split test")));
    int splits = 0;
    int differing = 0;
    for (long seed = 1; seed <= LOGS; seed++) {
      Random random = new Random(seed);
      List<ReadingRow> log = generate(random);
      Outputs whole = run(log, List.of(log.size()), random, () -> series(history));
      for (List<Integer> cut : cuts(random, log.size())) {
        assertThat(run(log, cut, random, () -> series(history)))
            .as("log %d cut %s", seed, cut)
            .isEqualTo(whole);
        splits++;
      }
      if (!whole.alerts().equals(run(log, List.of(log.size()), random, CONSTANT).alerts())) {
        differing++;
      }
    }
    assertThat(splits).isEqualTo(LOGS * 4);
    assertThat(differing)
        .as("persistence and hysteresis changed the alerts of most logs")
        .isGreaterThan(LOGS / 2);
  }

  private static List<TriggerLevels> withDefaults(TriggerLevels levels) {
    List<TriggerLevels> all = new ArrayList<>(TriggerLevelCatalog.defaultLevels());
    all.add(levels);
    return all;
  }

  private static final java.util.function.Supplier<SeriesLevels> CONSTANT =
      () -> SeriesLevels.constant(STANDPIPE);

  private static SeriesLevels series(TriggerLevelHistory history) {
    return history.forInstrument("water_standpipe", "BH-1");
  }

  private static TriggerLevelVersion version(
      long id, String borehole, Double baseline, double alert, Instant from) {
    return new TriggerLevelVersion(
        id,
        new TriggerLevels(
            "water_standpipe",
            borehole,
            TriggerLevels.Direction.BOTH,
            baseline,
            alert,
            alert * 2,
            alert * 3),
        from,
        "test",
        from.minusSeconds(3600),
        "split test");
  }

  private static List<List<Integer>> cuts(Random random, int size) {
    List<Integer> ones = new ArrayList<>(Collections.nCopies(size, 1));
    List<Integer> sevens = new ArrayList<>();
    for (int left = size; left > 0; left -= 7) {
      sevens.add(Math.min(7, left));
    }
    List<Integer> randomCut = new ArrayList<>();
    for (int left = size; left > 0; ) {
      int n = 1 + random.nextInt(Math.min(left, 12));
      randomCut.add(n);
      left -= n;
    }
    return List.of(ones, sevens, randomCut, List.of(size / 2, size - size / 2));
  }

  private static Outputs run(
      List<ReadingRow> log,
      List<Integer> cut,
      Random shuffle,
      java.util.function.Supplier<SeriesLevels> levels) {
    InstrumentTimeline timeline =
        new InstrumentTimeline("v1", Duration.ofMinutes(30), List.of(Duration.ofMinutes(5)));
    InstrumentState state = new InstrumentState();
    List<EnrichedReading> readings = new ArrayList<>();
    List<StatusAlert> alerts = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    Map<String, WindowAggregate> windows = new LinkedHashMap<>();
    int duplicates = 0;
    int beyond = 0;
    int from = 0;
    for (int n : cut) {
      if (n == 0) {
        continue;
      }
      List<ReadingRow> batch = new ArrayList<>(log.subList(from, from + n));
      Collections.shuffle(batch, shuffle);
      from += n;
      // A fresh resolver per batch, as the job makes one per series and batch.
      var result = timeline.advance(state, batch, levels.get());
      readings.addAll(result.readings());
      alerts.addAll(result.alerts());
      for (DeadLetter d : result.conflicts()) {
        conflicts.add(d.sourceOffset() + " " + d.reasons() + " " + d.value());
      }
      result.aggregates().forEach(a -> windows.put(a.aggregateId(), a));
      duplicates += result.duplicates();
      beyond += result.beyondHorizon();
    }
    return new Outputs(readings, alerts, conflicts, windows, duplicates, beyond);
  }

  /**
   * 20-40 readings a minute apart, delivered with late, repeated, corrected and very old readings
   * mixed in.
   */
  private static List<ReadingRow> generate(Random random) {
    int n = 20 + random.nextInt(21);
    List<double[]> truth = new ArrayList<>();
    double level = 80.0;
    for (int i = 0; i < n; i++) {
      truth.add(new double[] {i, Math.round(level * 1000) / 1000.0});
      level += random.nextGaussian() * 0.9;
    }
    List<double[]> delivered = new ArrayList<>(truth);
    for (int i = 0; i < n / 3; i++) {
      int a = random.nextInt(delivered.size());
      int b = Math.min(delivered.size() - 1, a + 1 + random.nextInt(6));
      Collections.swap(delivered, a, b);
    }
    for (int i = 0; i < 3; i++) {
      double[] r = delivered.get(random.nextInt(delivered.size()));
      delivered.add(random.nextInt(delivered.size() + 1), r);
      double[] fix = {r[0], r[1] + 0.5};
      delivered.add(random.nextInt(delivered.size() + 1), fix);
    }
    delivered.add(
        new double[] {-120, 79.0}); // two hours before the first: beyond the 30-minute horizon
    List<ReadingRow> log = new ArrayList<>();
    for (int i = 0; i < delivered.size(); i++) {
      double[] r = delivered.get(i);
      ReadingRow row =
          InstrumentTimelineTest.standpipe(START.plusSeconds((long) r[0] * 60).toString(), r[1]);
      row.setOffset(i);
      log.add(row);
    }
    return log;
  }
}
