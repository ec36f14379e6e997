package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.TriggerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstrumentTimelineTest {
  private static final TriggerLevels STANDPIPE = TriggerLevelCatalog.defaults().levelsFor("water_standpipe", "BH-1");
  private final InstrumentTimeline timeline = new InstrumentTimeline("v1", Duration.ofMinutes(21), List.of());

  static ReadingRow standpipe(String ts, double level) {
    ReadingRow r = new ReadingRow();
    r.setInstrument("water_standpipe");
    r.setBoreholeNumber("BH-1");
    r.setTs(Instant.parse(ts));
    r.setReadingId("water_standpipe:BH-1:" + ts);
    r.setValue(level);
    r.setUnit("m AHD");
    r.setQuantity("water_level");
    r.setSurfaceLevel(85.0);
    r.setNorthing(5814941);
    r.setEasting(323796);
    r.setApiVersion("v1");
    r.setFetchedAt(Instant.parse(ts));
    return r;
  }

  @Test
  void risingStandpipeCrossingAlertThenAlarmRaisesExactlyThoseTwoAlertsInOrder() {
    // Given a level rising 2.5 m above its first reading (default levels: alert 1 m, alarm 2 m), delivered unsorted
    // over two batches
    InstrumentState state = new InstrumentState();
    List<ReadingRow> first =
        List.of(
            standpipe("2024-05-01T10:02:00Z", 81.2),
            standpipe("2024-05-01T10:00:00Z", 80.0),
            standpipe("2024-05-01T10:01:00Z", 80.5));
    List<ReadingRow> second =
        List.of(standpipe("2024-05-01T10:04:00Z", 82.1), standpipe("2024-05-01T10:03:00Z", 81.5),
            standpipe("2024-05-01T10:05:00Z", 82.5));

    // When the batches are processed in turn
    List<StatusAlert> alerts = new ArrayList<>();
    alerts.addAll(timeline.advance(state, first, STANDPIPE).alerts());
    alerts.addAll(timeline.advance(state, second, STANDPIPE).alerts());

    // Then NORMAL→ALERT at 81.2 and ALERT→ALARM at 82.1, nothing else
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(0).previousStatus()).isEqualTo(TriggerStatus.NORMAL);
    assertThat(alerts.get(0).status()).isEqualTo(TriggerStatus.ALERT);
    assertThat(alerts.get(0).value()).isEqualTo(81.2);
    assertThat(alerts.get(0).level()).isEqualTo(1.0);
    assertThat(alerts.get(0).alertId()).isEqualTo("water_standpipe:BH-1:2024-05-01T10:02:00.000Z:ALERT");
    assertThat(alerts.get(1).previousStatus()).isEqualTo(TriggerStatus.ALERT);
    assertThat(alerts.get(1).status()).isEqualTo(TriggerStatus.ALARM);
    assertThat(alerts.get(1).value()).isEqualTo(82.1);
    assertThat(alerts.get(1).baseline()).isEqualTo(80.0);
  }

  @Test
  void readingsCarryDepthBaselineAndChangeSincePrevious() {
    // Given two readings of a standpipe with surface level 85.0
    InstrumentState state = new InstrumentState();

    // When enriched
    List<EnrichedReading> out =
        timeline
            .advance(state, List.of(standpipe("2024-05-01T10:01:00Z", 80.4), standpipe("2024-05-01T10:00:00Z", 80.0)),
                STANDPIPE)
            .readings();

    // Then depth = surface − level, baseline = first reading, change since previous only for the second
    assertThat(out.get(0).depthBelowSurface()).isCloseTo(5.0, within(1e-9));
    assertThat(out.get(0).changeSincePrevious()).isNull();
    assertThat(out.get(1).depthBelowSurface()).isCloseTo(4.6, within(1e-9));
    assertThat(out.get(1).baseline()).isEqualTo(80.0);
    assertThat(out.get(1).changeFromBaseline()).isCloseTo(0.4, within(1e-9));
    assertThat(out.get(1).changeSincePrevious()).isCloseTo(0.4, within(1e-9));
    assertThat(out.get(1).triggerStatus()).isEqualTo(TriggerStatus.NORMAL);
  }

  @Test
  void lateReadingDoesNotChangeTheCurrentStatus() {
    // Given an instrument whose latest reading is in ALERT
    InstrumentState state = new InstrumentState();
    timeline.advance(
        state, List.of(standpipe("2024-05-01T10:00:00Z", 80.0), standpipe("2024-05-01T10:05:00Z", 81.5)), STANDPIPE);

    // When an older, normal reading arrives late
    var result = timeline.advance(state, List.of(standpipe("2024-05-01T10:03:00Z", 80.2)), STANDPIPE);

    // Then it is enriched but raises no alert and leaves the status ALERT
    assertThat(result.readings()).singleElement().extracting(EnrichedReading::triggerStatus)
        .isEqualTo(TriggerStatus.NORMAL);
    assertThat(result.alerts()).isEmpty();
    assertThat(state.getStatus()).isEqualTo("ALERT");
  }

  @Test
  void fixedBaselineFromLevelsWinsOverFirstReading() {
    // Given settlement levels with baseline 0 and a first reading already 12 mm down
    TriggerLevels settlement = TriggerLevelCatalog.defaults().levelsFor("settlement_marker", "SM-1");
    ReadingRow r = standpipe("2024-05-01T10:00:00Z", -12.0);
    r.setInstrument("settlement_marker");
    r.setSurfaceLevel(null);

    // When enriched
    var result = timeline.advance(new InstrumentState(), List.of(r), settlement);

    // Then it is in ALERT against baseline 0 (alert at 10 mm), with no depth
    assertThat(result.readings().get(0).baseline()).isEqualTo(0.0);
    assertThat(result.readings().get(0).depthBelowSurface()).isNull();
    assertThat(result.alerts()).singleElement().extracting(StatusAlert::status).isEqualTo(TriggerStatus.ALERT);
  }

  @Test
  void repeatsWithinTheHorizonAreDroppedAcrossBatchesAndOlderReadingsAreKept() {
    // Given an instrument that has seen 10:00 and 10:30 (horizon 21 minutes back from 10:30 = 10:09)
    InstrumentState state = new InstrumentState();
    timeline.advance(
        state, List.of(standpipe("2024-05-01T10:00:00Z", 80.0), standpipe("2024-05-01T10:30:00Z", 80.1)), STANDPIPE);

    // When 10:30 comes again twice, plus a new 10:31 and the evicted 10:00
    var result =
        timeline.advance(
            state,
            List.of(standpipe("2024-05-01T10:30:00Z", 80.1), standpipe("2024-05-01T10:31:00Z", 80.2),
                standpipe("2024-05-01T10:30:00Z", 80.1), standpipe("2024-05-01T10:00:00Z", 80.0)),
            STANDPIPE);

    // Then the repeats of 10:30 are dropped; 10:00 is outside the horizon, so it cannot be told from a new reading and
    // is kept (its reading id makes it idempotent downstream); the state remembers only what is within the horizon
    assertThat(result.duplicates()).isEqualTo(2);
    assertThat(result.readings()).extracting(EnrichedReading::readingId)
        .containsExactly("water_standpipe:BH-1:2024-05-01T10:00:00Z", "water_standpipe:BH-1:2024-05-01T10:31:00Z");
    assertThat(state.getRecentTs())
        .containsExactly(Instant.parse("2024-05-01T10:30:00Z"), Instant.parse("2024-05-01T10:31:00Z"));
    assertThat(state.getLastTs()).isEqualTo(Instant.parse("2024-05-01T10:31:00Z"));
  }
}
