package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.TriggerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InstrumentTimelineTest {
  private static final TriggerLevels STANDPIPE =
      TriggerLevelCatalog.defaults().levelsFor("water_standpipe", "BH-1");

  /**
   * Raw-log offsets in the order the rows are made: a test lists its readings in the order they
   * reach the log.
   */
  private static final AtomicLong NEXT_OFFSET = new AtomicLong();

  private final InstrumentTimeline timeline =
      new InstrumentTimeline("v1", Duration.ofMinutes(21), List.of());

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
    r.setTopic("monitoring.raw");
    r.setPartition(0);
    r.setOffset(NEXT_OFFSET.getAndIncrement());
    return r;
  }

  @Test
  void risingStandpipeCrossingAlertThenAlarmRaisesExactlyThoseTwoAlertsInOrder() {
    // Given a level rising 2.5 m above its first reading (default levels: alert 1 m, alarm 2 m),
    // reaching the log in
    // time order over two batches, each handed over shuffled (Spark promises no order within a
    // group)
    InstrumentState state = new InstrumentState();
    ReadingRow r0 = standpipe("2024-05-01T10:00:00Z", 80.0);
    ReadingRow r1 = standpipe("2024-05-01T10:01:00Z", 80.5);
    ReadingRow r2 = standpipe("2024-05-01T10:02:00Z", 81.2);
    ReadingRow r3 = standpipe("2024-05-01T10:03:00Z", 81.5);
    ReadingRow r4 = standpipe("2024-05-01T10:04:00Z", 82.1);
    ReadingRow r5 = standpipe("2024-05-01T10:05:00Z", 82.5);

    // When the batches are processed in turn
    List<StatusAlert> alerts = new ArrayList<>();
    alerts.addAll(timeline.advance(state, List.of(r2, r0, r1), STANDPIPE).alerts());
    alerts.addAll(timeline.advance(state, List.of(r4, r3, r5), STANDPIPE).alerts());

    // Then NORMAL→ALERT at 81.2 and ALERT→ALARM at 82.1, nothing else, none late
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(0).previousStatus()).isEqualTo(TriggerStatus.NORMAL);
    assertThat(alerts.get(0).status()).isEqualTo(TriggerStatus.ALERT);
    assertThat(alerts.get(0).value()).isEqualTo(81.2);
    assertThat(alerts.get(0).level()).isEqualTo(1.0);
    assertThat(alerts.get(0).alertId())
        .isEqualTo("water_standpipe:BH-1:2024-05-01T10:02:00.000Z:ALERT");
    assertThat(alerts.get(1).previousStatus()).isEqualTo(TriggerStatus.ALERT);
    assertThat(alerts.get(1).status()).isEqualTo(TriggerStatus.ALARM);
    assertThat(alerts.get(1).value()).isEqualTo(82.1);
    assertThat(alerts.get(1).baseline()).isEqualTo(80.0);
    assertThat(alerts).noneMatch(StatusAlert::late);
  }

  @Test
  void readingsCarryDepthBaselineAndChangeSincePrevious() {
    // Given two readings of a standpipe with surface level 85.0
    InstrumentState state = new InstrumentState();
    ReadingRow first = standpipe("2024-05-01T10:00:00Z", 80.0);
    ReadingRow second = standpipe("2024-05-01T10:01:00Z", 80.4);

    // When enriched
    List<EnrichedReading> out =
        timeline.advance(state, List.of(second, first), STANDPIPE).readings();

    // Then depth = surface − level, baseline = first reading, change since previous only for the
    // second
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
        state,
        List.of(standpipe("2024-05-01T10:00:00Z", 80.0), standpipe("2024-05-01T10:05:00Z", 81.5)),
        STANDPIPE);

    // When an older, normal reading arrives late
    var result =
        timeline.advance(state, List.of(standpipe("2024-05-01T10:03:00Z", 80.2)), STANDPIPE);

    // Then it is enriched against its event-time predecessor (10:00, NORMAL): no alert, and the
    // status stays ALERT
    assertThat(result.readings())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.triggerStatus()).isEqualTo(TriggerStatus.NORMAL);
              assertThat(r.changeSincePrevious()).isCloseTo(0.2, within(1e-9));
            });
    assertThat(result.alerts()).isEmpty();
    assertThat(state.getStatus()).isEqualTo("ALERT");
  }

  @Test
  void lateActionReadingAfterANewerNormalOneRaisesExactlyOneLateAlert() {
    // Given a standpipe at NORMAL whose latest reading is 10:10
    InstrumentState state = new InstrumentState();
    timeline.advance(
        state,
        List.of(standpipe("2024-05-01T10:00:00Z", 80.0), standpipe("2024-05-01T10:10:00Z", 80.1)),
        STANDPIPE);

    // When a buffered 10:05 reading 3.5 m above the baseline (ACTION at 3 m) arrives after it
    var result =
        timeline.advance(state, List.of(standpipe("2024-05-01T10:05:00Z", 83.5)), STANDPIPE);

    // Then exactly one alert, marked late by 5 minutes, NORMAL (its predecessor) → ACTION; the
    // current status stays
    assertThat(result.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.late()).isTrue();
              assertThat(a.lateBy()).isEqualTo("PT5M");
              assertThat(a.previousStatus()).isEqualTo(TriggerStatus.NORMAL);
              assertThat(a.status()).isEqualTo(TriggerStatus.ACTION);
              assertThat(a.ts()).isEqualTo(Instant.parse("2024-05-01T10:05:00Z"));
              assertThat(a.level()).isEqualTo(3.0);
            });
    assertThat(state.getStatus()).isEqualTo("NORMAL");
  }

  @Test
  void theSameReadingsInTimestampOrderRaiseTheOnTimeAlerts() {
    // Given the readings of the late-alert case, reaching the log in timestamp order
    InstrumentState state = new InstrumentState();

    // When processed
    var result =
        timeline.advance(
            state,
            List.of(
                standpipe("2024-05-01T10:00:00Z", 80.0),
                standpipe("2024-05-01T10:05:00Z", 83.5),
                standpipe("2024-05-01T10:10:00Z", 80.1)),
            STANDPIPE);

    // Then NORMAL → ACTION at 10:05 and ACTION → NORMAL at 10:10, both on time
    assertThat(result.alerts())
        .extracting(StatusAlert::previousStatus, StatusAlert::status, StatusAlert::late)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(TriggerStatus.NORMAL, TriggerStatus.ACTION, false),
            org.assertj.core.groups.Tuple.tuple(TriggerStatus.ACTION, TriggerStatus.NORMAL, false));
    assertThat(result.alerts()).allSatisfy(a -> assertThat(a.lateBy()).isNull());
  }

  @Test
  void anOlderReadingArrivingLaterBecomesTheBaselineOfWhatFollows() {
    // Given a standpipe first seen at 10:10 (80.5)
    InstrumentState state = new InstrumentState();
    var first =
        timeline.advance(state, List.of(standpipe("2024-05-01T10:10:00Z", 80.5)), STANDPIPE);

    // When its 10:00 reading (80.0) arrives, then 10:20 (81.2)
    var later =
        timeline.advance(
            state,
            List.of(
                standpipe("2024-05-01T10:00:00Z", 80.0), standpipe("2024-05-01T10:20:00Z", 81.2)),
            STANDPIPE);

    // Then what was published stays (baseline 80.5 then), and readings from then on use the
    // earliest, 80.0
    assertThat(first.readings().get(0).baseline()).isEqualTo(80.5);
    assertThat(later.readings()).extracting(EnrichedReading::baseline).containsExactly(80.0, 80.0);
    assertThat(later.readings().get(1).triggerStatus()).isEqualTo(TriggerStatus.ALERT);
  }

  @Test
  void fixedBaselineFromLevelsWinsOverFirstReading() {
    // Given settlement levels with baseline 0 and a first reading already 12 mm down
    TriggerLevels settlement =
        TriggerLevelCatalog.defaults().levelsFor("settlement_marker", "SM-1");
    ReadingRow r = standpipe("2024-05-01T10:00:00Z", -12.0);
    r.setInstrument("settlement_marker");
    r.setSurfaceLevel(null);

    // When enriched
    var result = timeline.advance(new InstrumentState(), List.of(r), settlement);

    // Then it is in ALERT against baseline 0 (alert at 10 mm), with no depth
    assertThat(result.readings().get(0).baseline()).isEqualTo(0.0);
    assertThat(result.readings().get(0).depthBelowSurface()).isNull();
    assertThat(result.alerts())
        .singleElement()
        .extracting(StatusAlert::status)
        .isEqualTo(TriggerStatus.ALERT);
  }

  @Test
  void repeatsWithinTheHorizonAreDroppedAcrossBatchesAndOlderReadingsAreKept() {
    // Given an instrument that has seen 10:00 and 10:30 (horizon 21 minutes back from 10:30 =
    // 10:09)
    InstrumentState state = new InstrumentState();
    timeline.advance(
        state,
        List.of(standpipe("2024-05-01T10:00:00Z", 80.0), standpipe("2024-05-01T10:30:00Z", 80.1)),
        STANDPIPE);

    // When 10:30 comes again twice, plus a new 10:31 and the forgotten 10:00
    var result =
        timeline.advance(
            state,
            List.of(
                standpipe("2024-05-01T10:30:00Z", 80.1),
                standpipe("2024-05-01T10:31:00Z", 80.2),
                standpipe("2024-05-01T10:30:00Z", 80.1),
                standpipe("2024-05-01T10:00:00Z", 80.0)),
            STANDPIPE);

    // Then the repeats of 10:30 are dropped; 10:00 is beyond the horizon, so it cannot be told from
    // a new reading: it
    // is published again (its reading id makes that an upsert) and counted; the state remembers
    // only the horizon
    assertThat(result.duplicates()).isEqualTo(2);
    assertThat(result.beyondHorizon()).isEqualTo(1);
    assertThat(result.readings())
        .extracting(EnrichedReading::readingId)
        .containsExactly(
            "water_standpipe:BH-1:2024-05-01T10:31:00Z",
            "water_standpipe:BH-1:2024-05-01T10:00:00Z");
    assertThat(state.getRememberedTs())
        .containsExactly(
            Instant.parse("2024-05-01T10:30:00Z").toEpochMilli(),
            Instant.parse("2024-05-01T10:31:00Z").toEpochMilli());
    assertThat(state.getLastTs()).isEqualTo(Instant.parse("2024-05-01T10:31:00Z"));
  }

  @Test
  void aCorrectedValueForAKnownTimestampIsDeadLetteredAndTheFirstStays() {
    // Given a reading of 80.0 at 10:00
    InstrumentState state = new InstrumentState();
    timeline.advance(state, List.of(standpipe("2024-05-01T10:00:00Z", 80.0)), STANDPIPE);

    // When a re-issue with 80.3 arrives, and the original again
    ReadingRow correction = standpipe("2024-05-01T10:00:00Z", 80.3);
    var result =
        timeline.advance(
            state, List.of(correction, standpipe("2024-05-01T10:00:00Z", 80.0)), STANDPIPE);

    // Then the correction is a CONFLICTING_READING dead letter naming both values and its raw
    // offset; the repeat is a
    // duplicate; nothing is published
    assertThat(result.readings()).isEmpty();
    assertThat(result.duplicates()).isEqualTo(1);
    assertThat(result.conflicts())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reasons())
                  .singleElement()
                  .satisfies(
                      r -> {
                        assertThat(r.code()).isEqualTo(RejectCode.CONFLICTING_READING);
                        assertThat(r.message()).contains("80.0", "80.3");
                      });
              assertThat(d.sourceOffset()).isEqualTo(correction.getOffset());
              assertThat(d.sourceTopic()).isEqualTo("monitoring.raw");
              assertThat(d.key()).isEqualTo("water_standpipe:BH-1");
              assertThat(d.stage()).isEqualTo(DeadLetter.STAGE_SPARK);
            });
  }
}
