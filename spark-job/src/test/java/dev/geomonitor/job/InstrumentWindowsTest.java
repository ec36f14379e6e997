package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.WindowAggregate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Window statistics kept in the per-instrument state, as {@link InstrumentTimeline} emits them. */
class InstrumentWindowsTest {
  private static final TriggerLevels PIEZOMETER =
      TriggerLevelCatalog.defaults().levelsFor("piezometer", "PZ-1");
  private static final Duration HORIZON = Duration.ofMinutes(21);

  static ReadingRow piezometer(String ts, double kpa) {
    ReadingRow r = InstrumentTimelineTest.standpipe(ts, kpa);
    r.setInstrument("piezometer");
    r.setBoreholeNumber("PZ-1");
    r.setReadingId("piezometer:PZ-1:" + ts);
    r.setUnit("kPa");
    r.setQuantity("pore_water_pressure");
    r.setSurfaceLevel(null);
    r.setLat(-37.8);
    r.setLon(145.0);
    return r;
  }

  private static List<WindowAggregate> sorted(List<WindowAggregate> aggregates) {
    return aggregates.stream()
        .sorted(
            Comparator.comparing(WindowAggregate::windowSize)
                .thenComparing(WindowAggregate::windowStart))
        .toList();
  }

  @Test
  void oneMinuteWindowsHaveExactStatisticsAndIgnoreRepeats() {
    // Given 10, 12, 11 kPa in the 10:00 minute (12 delivered twice) and 20 kPa at 10:01:30
    InstrumentTimeline timeline =
        new InstrumentTimeline("v1", HORIZON, List.of(Duration.ofMinutes(1)));

    // When they arrive in one batch
    List<ReadingRow> rows =
        List.of(
            piezometer("2024-05-01T10:00:20Z", 12.0),
            piezometer("2024-05-01T10:00:00Z", 10.0),
            piezometer("2024-05-01T10:00:20Z", 12.0),
            piezometer("2024-05-01T10:00:40Z", 11.0),
            piezometer("2024-05-01T10:01:30Z", 20.0));
    ReadingRow lastOfTheMinute = rows.get(3);
    var result = timeline.advance(new InstrumentState(), rows, PIEZOMETER);

    // Then two windows, with exact statistics
    List<WindowAggregate> out = sorted(result.aggregates());
    assertThat(out).hasSize(2);
    WindowAggregate first = out.get(0);
    assertThat(first.aggregateId()).isEqualTo("piezometer:PZ-1:PT1M:2024-05-01T10:00:00.000Z");
    assertThat(first.pipelineVersion()).isEqualTo("v1");
    assertThat(first.windowStart()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(first.windowEnd()).isEqualTo(Instant.parse("2024-05-01T10:01:00Z"));
    assertThat(first.windowSize()).isEqualTo("PT1M");
    assertThat(first.count()).isEqualTo(3);
    assertThat(first.min()).isEqualTo(10.0);
    assertThat(first.max()).isEqualTo(12.0);
    assertThat(first.mean()).isCloseTo(11.0, within(1e-12));
    assertThat(first.first()).isEqualTo(10.0);
    assertThat(first.last()).isEqualTo(11.0);
    assertThat(first.ratePerHour()).isCloseTo(90.0, within(1e-9)); // +1 kPa in 40 s
    assertThat(first.unit()).isEqualTo("kPa");
    assertThat(first.lat()).isCloseTo(-37.8, within(0.1));
    WindowAggregate second = out.get(1);
    assertThat(second.count()).isEqualTo(1);
    assertThat(second.first()).isEqualTo(20.0);
    assertThat(second.ratePerHour()).isNull();
    assertThat(first.revision())
        .as("the newest raw offset counted")
        .isEqualTo(lastOfTheMinute.getOffset());
  }

  @Test
  void windowsAccumulateAcrossBatchesAndOnlyTouchedWindowsAreEmitted() {
    // Given 15-minute and 1-minute windows, and readings at 10:01 and 10:14 in a first batch
    InstrumentTimeline timeline =
        new InstrumentTimeline(
            "v1", HORIZON, List.of(Duration.ofMinutes(1), Duration.ofMinutes(15)));
    InstrumentState state = new InstrumentState();
    timeline.advance(
        state,
        List.of(piezometer("2024-05-01T10:01:00Z", 5.0), piezometer("2024-05-01T10:14:00Z", 18.0)),
        PIEZOMETER);

    // When a second batch brings 10:14:30 (same quarter hour) and 10:16 (the next)
    var result =
        timeline.advance(
            state,
            List.of(
                piezometer("2024-05-01T10:16:00Z", 7.0), piezometer("2024-05-01T10:14:30Z", 18.5)),
            PIEZOMETER);

    // Then the emitted windows are those the batch touched: 10:00-10:15 now holds three readings, 5
    // → 18.5 in
    // 13.5 minutes = 60 kPa/h; the 10:01 minute is not re-emitted
    List<WindowAggregate> out = sorted(result.aggregates());
    assertThat(out)
        .extracting(a -> a.windowSize() + "@" + a.windowStart())
        .containsExactly(
            "PT15M@2024-05-01T10:00:00Z",
            "PT15M@2024-05-01T10:15:00Z",
            "PT1M@2024-05-01T10:14:00Z",
            "PT1M@2024-05-01T10:16:00Z");
    WindowAggregate quarter = out.get(0);
    assertThat(quarter.count()).isEqualTo(3);
    assertThat(quarter.mean()).isCloseTo((5.0 + 18.0 + 18.5) / 3, within(1e-12));
    assertThat(quarter.first()).isEqualTo(5.0);
    assertThat(quarter.last()).isEqualTo(18.5);
    assertThat(quarter.ratePerHour()).isCloseTo(60.0, within(1e-9));
    assertThat(out.get(2).count()).isEqualTo(2); // 10:14:00 and 10:14:30
  }

  @Test
  void aWindowClosedByTheHorizonIsFinal() {
    // Given a window 10:00-10:01 and a latest reading at 10:30 (windows ending before 10:09 are
    // closed)
    InstrumentTimeline timeline =
        new InstrumentTimeline("v1", HORIZON, List.of(Duration.ofMinutes(1)));
    InstrumentState state = new InstrumentState();
    timeline.advance(
        state,
        List.of(piezometer("2024-05-01T10:00:10Z", 1.0), piezometer("2024-05-01T10:30:00Z", 2.0)),
        PIEZOMETER);
    assertThat(state.getWindows())
        .extracting(WindowStats::getStart)
        .containsExactly(Instant.parse("2024-05-01T10:30:00Z"));

    // When a late reading for 10:00 arrives, and one for 10:10 (still open: it ends after 10:09)
    var result =
        timeline.advance(
            state,
            List.of(
                piezometer("2024-05-01T10:00:50Z", 9.0), piezometer("2024-05-01T10:10:00Z", 3.0)),
            PIEZOMETER);

    // Then both are published as readings, the closed window is not re-emitted with one reading,
    // the open one is
    assertThat(result.readings()).hasSize(2);
    assertThat(result.beyondHorizon()).isEqualTo(1);
    assertThat(result.aggregates())
        .singleElement()
        .satisfies(
            a -> assertThat(a.windowStart()).isEqualTo(Instant.parse("2024-05-01T10:10:00Z")));
  }

  @Test
  void windowStartsAreAlignedToTheEpochAsSparkAlignsThem() {
    assertThat(
            WindowStats.windowStart(
                Instant.parse("2024-05-01T10:14:59.999999Z"), Duration.ofMinutes(15)))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(
            WindowStats.windowStart(Instant.parse("2024-05-01T10:15:00Z"), Duration.ofMinutes(15)))
        .isEqualTo(Instant.parse("2024-05-01T10:15:00Z"));
    assertThat(
            WindowStats.windowStart(Instant.parse("1969-12-31T23:59:30Z"), Duration.ofMinutes(1)))
        .isEqualTo(Instant.parse("1969-12-31T23:59:00Z"));
  }
}
