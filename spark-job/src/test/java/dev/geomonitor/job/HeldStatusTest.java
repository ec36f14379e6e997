package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.TriggerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Persistence (N consecutive readings) and hysteresis (a clearing band) on the absolute levels: a
 * value flapping around a level raises one alert, a short spike raises none, and clearing needs the
 * value back below the band for as many readings.
 */
class HeldStatusTest {
  private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

  private final InstrumentTimeline timeline =
      new InstrumentTimeline("v1", Duration.ofHours(6), List.of());

  /** Standpipe levels 1 / 2 / 3 m from a fixed baseline of 80.0. */
  private static TriggerLevels levels(Integer persistence, Double hysteresis) {
    return new TriggerLevels(
        "water_standpipe",
        null,
        TriggerLevels.Direction.RISE,
        80.0,
        1,
        2,
        3,
        persistence,
        hysteresis);
  }

  /** One reading a minute with these values, processed one batch each. */
  private List<EnrichedReading> run(TriggerLevels levels, List<StatusAlert> alerts, double... v) {
    InstrumentState state = new InstrumentState();
    List<EnrichedReading> out = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      var result = timeline.advance(state, List.of(reading(i, v[i])), levels);
      out.addAll(result.readings());
      alerts.addAll(result.alerts());
    }
    return out;
  }

  private static ReadingRow reading(int minute, double value) {
    ReadingRow r =
        InstrumentTimelineTest.standpipe(START.plusSeconds(minute * 60L).toString(), value);
    r.setOffset(minute);
    return r;
  }

  private static List<TriggerStatus> statuses(List<EnrichedReading> readings) {
    return readings.stream().map(EnrichedReading::triggerStatus).toList();
  }

  @Test
  void aValueFlappingAroundTheAlertLevelRaisesOneAlertWithABand() {
    double[] flapping = {80.5, 81.05, 80.95, 81.1, 80.9, 81.02, 80.97, 81.08, 80.92, 80.5};

    List<StatusAlert> without = new ArrayList<>();
    run(levels(null, null), without, flapping);
    List<StatusAlert> with = new ArrayList<>();
    List<EnrichedReading> held = run(levels(null, 0.3), with, flapping);

    assertThat(without).as("no band: every crossing alerts").hasSize(8);
    assertThat(with)
        .extracting(StatusAlert::previousStatus, StatusAlert::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(TriggerStatus.NORMAL, TriggerStatus.ALERT),
            org.assertj.core.groups.Tuple.tuple(TriggerStatus.ALERT, TriggerStatus.NORMAL));
    assertThat(with.get(1).value()).as("cleared only below 1.0 - 0.3").isEqualTo(80.5);
    assertThat(statuses(held).subList(1, 9)).containsOnly(TriggerStatus.ALERT);
  }

  @Test
  void aSpikeShorterThanThePersistenceRaisesNothing() {
    List<StatusAlert> alerts = new ArrayList<>();
    List<EnrichedReading> readings = run(levels(3, null), alerts, 80.2, 82.5, 82.6, 80.3, 80.2);

    assertThat(alerts).isEmpty();
    assertThat(statuses(readings)).containsOnly(TriggerStatus.NORMAL);
  }

  @Test
  void persistenceRaisesOnTheNthReadingAndClearsAfterAsManyBelow() {
    List<StatusAlert> alerts = new ArrayList<>();
    List<EnrichedReading> readings =
        run(levels(3, null), alerts, 80.0, 82.2, 82.4, 81.5, 81.4, 80.2, 80.1, 80.1, 80.0);

    // ALARM needs three readings >= 2: 82.2, 82.4 then 81.5 is only ALERT, so the window of three
    // is ALERT at most: ALERT from the third reading at or above 1 m.
    assertThat(statuses(readings))
        .containsExactly(
            TriggerStatus.NORMAL,
            TriggerStatus.NORMAL,
            TriggerStatus.NORMAL,
            TriggerStatus.ALERT,
            TriggerStatus.ALERT,
            TriggerStatus.ALERT,
            TriggerStatus.ALERT,
            TriggerStatus.NORMAL,
            TriggerStatus.NORMAL);
    assertThat(alerts)
        .extracting(StatusAlert::status)
        .containsExactly(TriggerStatus.ALERT, TriggerStatus.NORMAL);
    assertThat(alerts.get(0).value()).isEqualTo(81.5);
    assertThat(alerts.get(1).value()).as("third reading below the alert level").isEqualTo(80.1);
  }

  @Test
  void aJumpStraightToActionRisesThroughTheWindowNotPastIt() {
    List<StatusAlert> alerts = new ArrayList<>();
    List<EnrichedReading> readings = run(levels(2, 0.5), alerts, 80.0, 83.5, 83.6, 82.7, 81.8);

    // 83.5 alone cannot raise (window of two: 80.0 NORMAL); 83.6 after 83.5 raises ACTION; 82.7
    // is within the band of ACTION (3 - 0.5); 81.8 is below ACTION's band but the window (82.7,
    // 81.8) still holds ALARM (2 - 0.5 = 1.5 <= 1.8).
    assertThat(statuses(readings))
        .containsExactly(
            TriggerStatus.NORMAL,
            TriggerStatus.NORMAL,
            TriggerStatus.ACTION,
            TriggerStatus.ACTION,
            TriggerStatus.ACTION);
    assertThat(alerts).extracting(StatusAlert::status).containsExactly(TriggerStatus.ACTION);
  }

  @Test
  void aLateReadingIsJudgedByItsEventTimePredecessors() {
    TriggerLevels levels = levels(2, null);
    InstrumentState state = new InstrumentState();
    List<StatusAlert> alerts = new ArrayList<>();
    // Minutes 0, 1, 3, 4 arrive first; minute 2 arrives last.
    for (int minute : new int[] {0, 1, 3, 4}) {
      double value = minute == 0 ? 80.0 : 81.5;
      alerts.addAll(timeline.advance(state, List.of(reading(minute, value)), levels).alerts());
    }
    ReadingRow late = reading(2, 81.6);
    late.setOffset(10);
    var result = timeline.advance(state, List.of(late), levels);

    assertThat(result.readings().get(0).triggerStatus())
        .as("minute 1 and minute 2 are both >= 1 m: ALERT")
        .isEqualTo(TriggerStatus.ALERT);
    assertThat(result.alerts()).as("its predecessor (minute 1) was still NORMAL").hasSize(1);
    assertThat(result.alerts().get(0).late()).isTrue();
    assertThat(alerts).extracting(StatusAlert::status).containsExactly(TriggerStatus.ALERT);
  }
}
