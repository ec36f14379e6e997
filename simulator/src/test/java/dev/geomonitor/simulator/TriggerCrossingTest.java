package dev.geomonitor.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.TriggerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scenario against the pipeline's own default trigger levels. */
class TriggerCrossingTest {
  private static final Instant START = Instant.parse("2026-11-24T20:00:00Z");
  private static final TriggerLevelCatalog LEVELS = TriggerLevelCatalog.defaults();
  private static final long SEED = 42;

  /** Seconds after start at which the instrument first reached each status (absent if never). */
  private static Map<TriggerStatus, Long> firstCrossings(
      Scenario scenario, Instrument instrument, int samples) {
    TriggerLevels levels = LEVELS.levelsFor(instrument.kind().wireName(), instrument.id());
    double baseline =
        levels.baseline() != null ? levels.baseline() : scenario.sample(instrument, 0).value();
    Map<TriggerStatus, Long> first = new EnumMap<>(TriggerStatus.class);
    for (long k = 0; k < samples; k++) {
      Scenario.Sample s = scenario.sample(instrument, k);
      TriggerStatus status = levels.statusOf(s.value(), baseline);
      for (TriggerStatus t : TriggerStatus.values()) {
        if (t.compareTo(status) <= 0) {
          first.putIfAbsent(t, Duration.between(START, s.timestamp()).toSeconds());
        }
      }
    }
    return first;
  }

  @Test
  void drawdownStandpipesCrossAlertThenAlarmThenActionWithinTheDemoWindow() {
    // Given the default site at demo pace
    Site site = Site.generate(SEED, 100, 0.05, 10_000);
    Scenario scenario = new Scenario(SEED, START, Duration.ofSeconds(10), 1.0);
    List<Instrument> drawdown =
        site.instruments(InstrumentKind.WATER_STANDPIPE).stream()
            .filter(i -> i.role() == Instrument.Role.DRAWDOWN)
            .toList();

    // When following them for ten minutes
    List<Map<TriggerStatus, Long>> crossings = new ArrayList<>();
    drawdown.forEach(i -> crossings.add(firstCrossings(scenario, i, 60)));

    // Then 5 % are dewatered, each reaches Alert, Alarm and Action in that order, the first Alert
    // within about two
    // minutes and every Action within about five
    assertThat(drawdown).hasSize(5);
    assertThat(crossings)
        .allSatisfy(
            c -> {
              assertThat(c)
                  .containsKeys(TriggerStatus.ALERT, TriggerStatus.ALARM, TriggerStatus.ACTION);
              assertThat(c.get(TriggerStatus.ALERT)).isLessThan(c.get(TriggerStatus.ALARM));
              assertThat(c.get(TriggerStatus.ALARM)).isLessThan(c.get(TriggerStatus.ACTION));
              assertThat(c.get(TriggerStatus.ACTION)).isLessThanOrEqualTo(330);
            });
    assertThat(crossings.stream().mapToLong(c -> c.get(TriggerStatus.ALERT)).min().orElseThrow())
        .isBetween(60L, 135L);
  }

  @Test
  void atLeastOneStandpipeIsDewateredOnATinySite() {
    // Given a site with only three standpipes
    Site site = Site.generate(SEED, 3, 0.05, 10_000);

    // When counting dewatered ones
    // Then there is still one, so every demo shows an alert
    assertThat(site.instruments(InstrumentKind.WATER_STANDPIPE))
        .filteredOn(i -> i.role() == Instrument.Role.DRAWDOWN)
        .hasSize(1);
  }

  @Test
  void ordinaryInstrumentsStayWellInsideTheirAlertLevel() {
    // Given the default site run at ten times demo pace for two hours (twenty scenario hours: the
    // whole drive)
    Site site = Site.generate(SEED, 100, 0.05, 10_000);
    Scenario scenario = new Scenario(SEED, START, Duration.ofSeconds(10), 10.0);

    // When following every ordinary instrument of every kind
    for (Instrument instrument : site.all()) {
      if (instrument.role() != Instrument.Role.ORDINARY) {
        continue;
      }
      TriggerLevels levels = LEVELS.levelsFor(instrument.kind().wireName(), instrument.id());
      double baseline =
          levels.baseline() != null ? levels.baseline() : scenario.sample(instrument, 0).value();
      double worst = 0;
      for (long k = 0; k < 720; k++) {
        worst =
            Math.max(worst, levels.exceedance(scenario.sample(instrument, k).value(), baseline));
      }

      // Then none comes closer than 40 % of its Alert level
      assertThat(worst).as(instrument.id()).isLessThan(0.6 * levels.alert());
    }
  }

  @Test
  void instrumentsOnTheTunnelAlignmentMoveThroughTheirLevelsAsTheFacePasses() {
    // Given the default site at demo pace
    Site site = Site.generate(SEED, 100, 0.05, 10_000);
    Scenario scenario = new Scenario(SEED, START, Duration.ofSeconds(10), 1.0);

    // When following the instruments on the alignment for an hour
    List<Instrument> zone =
        site.all().stream().filter(i -> i.role() == Instrument.Role.TUNNEL_ZONE).toList();

    // Then every one reaches at least Alert, and the nearest vertical settlement marker reaches
    // Action within ~5 min
    assertThat(zone).isNotEmpty();
    for (Instrument i : zone) {
      assertThat(firstCrossings(scenario, i, 360)).as(i.id()).containsKey(TriggerStatus.ALERT);
    }
    Instrument firstMarker = site.instruments(InstrumentKind.SETTLEMENT_MARKER).get(0);
    assertThat(firstMarker.axis()).isEqualTo(Endpoint.Axis.Z);
    Map<TriggerStatus, Long> c = firstCrossings(scenario, firstMarker, 60);
    assertThat(c.get(TriggerStatus.ALERT)).isLessThan(c.get(TriggerStatus.ALARM));
    assertThat(c.get(TriggerStatus.ACTION)).isLessThanOrEqualTo(300);
    // Settlement is downward: a growing negative displacement
    assertThat(scenario.sample(firstMarker, 60).value()).isLessThan(-30);
  }

  @Test
  void seriesAreSmoothNotIndependentDraws() {
    // Given an ordinary standpipe sampled for an hour at demo pace
    Site site = Site.generate(SEED, 100, 0.05, 10_000);
    Scenario scenario = new Scenario(SEED, START, Duration.ofSeconds(10), 1.0);
    Instrument standpipe =
        site.instruments(InstrumentKind.WATER_STANDPIPE).stream()
            .filter(i -> i.role() == Instrument.Role.ORDINARY)
            .findFirst()
            .orElseThrow();
    double[] v = new double[360];
    for (int k = 0; k < v.length; k++) {
      v[k] = scenario.sample(standpipe, k).value();
    }

    // When measuring lag-1 autocorrelation
    double mean = java.util.Arrays.stream(v).average().orElseThrow();
    double num = 0;
    double den = 0;
    for (int k = 0; k < v.length; k++) {
      den += (v[k] - mean) * (v[k] - mean);
      if (k > 0) {
        num += (v[k] - mean) * (v[k - 1] - mean);
      }
    }

    // Then consecutive samples are strongly related (drift and recharge dominate the noise) and the
    // series moves
    assertThat(num / den).isGreaterThan(0.9);
    assertThat(
            java.util.Arrays.stream(v).max().orElseThrow()
                - java.util.Arrays.stream(v).min().orElseThrow())
        .isGreaterThan(0.05);
  }

  @Test
  void rainfallRaisesGroundwaterThenItRecedes() {
    // Given the scenario's first rain event
    Scenario scenario = new Scenario(SEED, START, Duration.ofSeconds(10), 1.0);
    double firstRain = 0;
    while (scenario.rain(firstRain) == 0) {
      firstRain += 1;
    }

    // When looking at the recharge head a rise time later and much later
    double peak = scenario.rain(firstRain + Scenario.RECHARGE_RISE);
    double later = scenario.rain(firstRain + 8 * Scenario.RECHARGE_RISE);

    // Then it rose by a realistic amount and receded
    assertThat(peak).isBetween(0.1, 0.4);
    assertThat(later).isLessThan(peak / 10);
  }
}
