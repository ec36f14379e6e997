package dev.geomonitor.local.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.TriggerLevels.Direction;
import dev.geomonitor.domain.TriggerStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerLinesTest {

  private static final TriggerLevels BOTH =
      new TriggerLevels("piezometer", null, Direction.BOTH, null, 20, 35, 50);

  @Test
  void twoSidedInstrumentAboveItsBaselineGetsTheLinesAboveIt() {
    // When
    List<TriggerLines.Line> lines =
        TriggerLines.forSeries(BOTH, List.of(reading(100, 100.0), reading(112, 100.0)));

    // Then
    assertThat(lines)
        .containsExactly(
            new TriggerLines.Line(TriggerStatus.ALERT, 120),
            new TriggerLines.Line(TriggerStatus.ALARM, 135),
            new TriggerLines.Line(TriggerStatus.ACTION, 150));
  }

  @Test
  void twoSidedInstrumentOnItsBaselineGetsBothSides() {
    // When
    List<TriggerLines.Line> lines = TriggerLines.forSeries(BOTH, List.of(reading(100, 100.0)));

    // Then
    assertThat(lines)
        .extracting(TriggerLines.Line::value)
        .containsExactly(120.0, 80.0, 135.0, 65.0, 150.0, 50.0);
  }

  @Test
  void risingOnlyInstrumentKeepsItsLinesAboveEvenWhenItFalls() {
    // Given
    TriggerLevels rise = new TriggerLevels("piezometer", "PZ-1", Direction.RISE, 100.0, 20, 35, 50);

    // When
    List<TriggerLines.Line> lines = TriggerLines.forSeries(rise, List.of(reading(90, null)));

    // Then the configured baseline is used, and only the rising side is drawn
    assertThat(lines).extracting(TriggerLines.Line::value).containsExactly(120.0, 135.0, 150.0);
  }

  @Test
  void withoutAnyBaselineTheFirstReadingIsTheBaseline() {
    // When
    Double baseline = TriggerLines.baselineOf(BOTH, List.of(reading(42, null), reading(40, null)));

    // Then
    assertThat(baseline).isEqualTo(42.0);
  }

  @Test
  void anEmptySeriesWithoutAConfiguredBaselineHasNoLines() {
    assertThat(TriggerLines.forSeries(BOTH, List.of())).isEmpty();
  }

  private static EnrichedReading reading(double value, Double baseline) {
    return new EnrichedReading(
        "piezometer:PZ-1:x",
        "v1",
        "piezometer",
        "PZ-1",
        null,
        Instant.EPOCH,
        value,
        "kPa",
        "pore_water_pressure",
        null,
        5_813_000,
        320_000,
        -37.8,
        144.96,
        null,
        baseline,
        baseline == null ? null : value - baseline,
        null,
        TriggerStatus.NORMAL,
        "v2",
        Instant.EPOCH);
  }
}
