package dev.geomonitor.alarms;

import static dev.geomonitor.alarms.SiteDatabase.alert;
import static dev.geomonitor.alarms.SiteDatabase.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.embedded.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({TestServices.class, SiteDatabase.class})
class AlarmLifecycleIT {
  private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
  private static final AlarmPolicy POLICY =
      new AlarmPolicy(
          Map.of(
              "ALERT",
              new AlarmPolicy.LevelPolicy(Duration.ofHours(4), 1),
              "ALARM",
              new AlarmPolicy.LevelPolicy(Duration.ofMinutes(30), 2),
              "ACTION",
              new AlarmPolicy.LevelPolicy(Duration.ofMinutes(10), 2),
              "STALE",
              new AlarmPolicy.LevelPolicy(Duration.ofHours(2), 1)),
          Duration.ofMinutes(15),
          new StaleIntervals(
              Map.of("piezometer", Duration.ofMinutes(15)),
              Map.of("piezometer:VWP-2", Duration.ofDays(1)),
              null),
          5);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));

  private AlarmProcessor processor(SiteDatabase.Site site) {
    AlarmStore store = new AlarmStore(site.dataSource(), RateLimit.DEFAULT);
    return new AlarmProcessor(
        store,
        new AlertFeed(site.dataSource(), null),
        new InstrumentWatch(site.dataSource(), store),
        POLICY,
        AlarmProcessor.Delivery.NONE,
        clock);
  }

  private static List<StatusAlert> standpipeAlertAlarmActionAndBack(String borehole) {
    return List.of(
        alert(borehole, T0, TriggerStatus.NORMAL, TriggerStatus.ALERT, 87.1),
        alert(borehole, T0.plusSeconds(60), TriggerStatus.ALERT, TriggerStatus.ALARM, 88.1),
        alert(borehole, T0.plusSeconds(120), TriggerStatus.ALARM, TriggerStatus.ACTION, 89.1),
        alert(borehole, T0.plusSeconds(180), TriggerStatus.ACTION, TriggerStatus.NORMAL, 86.2));
  }

  @Test
  void aStandpipeThroughAlertAlarmActionAndBackRaisesOneAlarmWithACompleteAuditTrail(
      SiteDatabase.Site site) {
    // Given
    AlarmProcessor processor = processor(site);
    site.writeAlerts(standpipeAlertAlarmActionAndBack("BH-9037"));

    // When
    AlarmProcessor.Pass pass = processor.runOnce();
    clock.advance(Duration.ofMinutes(15));
    processor.runOnce();
    AlarmView acked =
        processor
            .store()
            .acknowledge(
                site.count("SELECT alarm_id FROM monitoring.alarms"),
                "j.smith",
                "dipped: water level confirmed",
                clock.instant());

    // Then
    assertThat(pass.alertsApplied()).isEqualTo(4);
    assertThat(site.count("SELECT count(*) FROM monitoring.alarms")).isEqualTo(1);
    assertThat(acked.state()).isEqualTo(AlarmState.CLOSED);
    assertThat(acked.level()).isEqualTo("ACTION");
    assertThat(acked.series()).isEqualTo("water_standpipe:BH-9037");
    assertThat(processor.store().events(acked.alarmId()))
        .extracting(e -> e.event() + " " + e.toState() + " " + e.actor())
        .containsExactly(
            "RAISED RAISED system",
            "LEVEL_CHANGED RAISED system",
            "LEVEL_CHANGED RAISED system",
            "CLEARED CLEARED system",
            "ALL_CLEAR CLEARED system",
            "ACKNOWLEDGED CLEARED j.smith",
            "CLOSED CLOSED system");
    assertThat(
            site.column(
                "SELECT message || ' ' || level FROM monitoring.alarm_notifications"
                    + " ORDER BY notification_id"))
        .containsExactly("RAISE ALERT", "RAISE ALARM", "RAISE ACTION", "ALL_CLEAR ACTION");
  }

  @Test
  void replayingTheSameAlertsChangesNothing(SiteDatabase.Site site) {
    // Given
    AlarmProcessor processor = processor(site);
    List<StatusAlert> alerts = standpipeAlertAlarmActionAndBack("BH-1");
    site.writeAlerts(alerts);
    processor.runOnce();
    List<String> before = snapshot(site);

    // When: the job replays the same alerts (a new batch id writes them again), and the processor
    // passes again
    site.writeAlerts(alerts);
    AlarmProcessor.Pass replay = processor.runOnce();
    AlarmProcessor.Pass direct =
        new AlarmProcessor(
                processor.store(),
                limit -> alerts,
                null,
                POLICY,
                AlarmProcessor.Delivery.NONE,
                clock)
            .runOnce();

    // Then
    assertThat(replay.alertsApplied()).isZero();
    assertThat(direct.alertsApplied()).isZero();
    assertThat(snapshot(site)).isEqualTo(before);
  }

  @Test
  void escalationFiresWhenNotAcknowledgedInTimeAndNotWhenAcknowledged(SiteDatabase.Site site) {
    // Given: two standpipes at ALARM (30 minutes to acknowledge, two escalation steps)
    AlarmProcessor processor = processor(site);
    site.writeAlerts(
        List.of(
            alert("BH-A", T0, TriggerStatus.NORMAL, TriggerStatus.ALARM, 88.1),
            alert("BH-B", T0, TriggerStatus.NORMAL, TriggerStatus.ALARM, 88.1)));
    processor.runOnce();
    long acknowledged =
        Long.parseLong(
            site.column(
                    "SELECT alarm_id FROM monitoring.alarms WHERE series_key = 'water_standpipe:BH-B'")
                .get(0));

    // When
    clock.advance(Duration.ofMinutes(20));
    processor.store().acknowledge(acknowledged, "j.smith", "on my way", clock.instant());
    clock.advance(Duration.ofMinutes(10));
    processor.runOnce();
    clock.advance(Duration.ofMinutes(30));
    processor.runOnce();

    // Then
    assertThat(
            site.column(
                "SELECT series_key || ' ' || escalation_step FROM monitoring.alarms ORDER BY series_key"))
        .containsExactly("water_standpipe:BH-A 2", "water_standpipe:BH-B 0");
    assertThat(
            site.column(
                "SELECT a.series_key || ' ' || n.step FROM monitoring.alarm_notifications n"
                    + " JOIN monitoring.alarms a USING (alarm_id) WHERE n.message = 'ESCALATE' ORDER BY n.notification_id"))
        .containsExactly("water_standpipe:BH-A 1", "water_standpipe:BH-A 2");
  }

  @Test
  void aFlappingStandpipeRaisesOneAlarmAndItsMessagesStayWithinTheRateLimit(
      SiteDatabase.Site site) {
    // Given: 40 crossings of the Alert level, one a minute, and levels flapping up and down
    AlarmStore store = new AlarmStore(site.dataSource(), new RateLimit(3, Duration.ofHours(1)));
    AlarmProcessor processor =
        new AlarmProcessor(
            store,
            new AlertFeed(site.dataSource(), null),
            null,
            POLICY,
            AlarmProcessor.Delivery.NONE,
            clock);
    List<StatusAlert> flapping = new ArrayList<>();
    TriggerStatus previous = TriggerStatus.NORMAL;
    TriggerStatus[] cycle = {
      TriggerStatus.ALERT,
      TriggerStatus.NORMAL,
      TriggerStatus.ALARM,
      TriggerStatus.NORMAL,
      TriggerStatus.ACTION,
      TriggerStatus.ALERT
    };
    for (int i = 0; i < 40; i++) {
      TriggerStatus s = cycle[i % cycle.length];
      flapping.add(alert("BH-FLAP", T0.plusSeconds(60L * i), previous, s, 87.0));
      previous = s;
    }

    // When: a pass every minute as they arrive
    for (StatusAlert a : flapping) {
      site.writeAlerts(List.of(a));
      processor.runOnce();
      clock.advance(Duration.ofMinutes(1));
    }

    // Then
    assertThat(site.count("SELECT count(*) FROM monitoring.alarms")).isEqualTo(1);
    assertThat(
            site.count(
                "SELECT count(*) FROM monitoring.alarm_notifications WHERE status <> 'SUPPRESSED'"))
        .isEqualTo(3);
    assertThat(
            site.count(
                "SELECT count(*) FROM monitoring.alarm_notifications WHERE status = 'SUPPRESSED'"))
        .isPositive();
    assertThat(site.count("SELECT count(*) FROM monitoring.alarm_events")).isGreaterThan(30);
  }

  @Test
  void aSilentInstrumentRaisesOneStaleAlarmThatClearsWhenItReportsAgain(SiteDatabase.Site site) {
    // Given: two piezometers; VWP-2 may stay silent a day (its own interval)
    AlarmProcessor processor = processor(site);
    site.writeReadings(
        List.of(
            reading("piezometer", "VWP-1", T0, 101.0), reading("piezometer", "VWP-2", T0, 99.0)));
    processor.runOnce();

    // When: 16 minutes without a new reading, then VWP-1 reports again
    clock.advance(Duration.ofMinutes(16));
    processor.runOnce();
    processor.runOnce();
    List<String> whileSilent =
        site.column("SELECT kind || ' ' || series_key || ' ' || state FROM monitoring.alarms");
    site.writeReadings(List.of(reading("piezometer", "VWP-1", T0.plusSeconds(1000), 101.5)));
    clock.advance(Duration.ofMinutes(1));
    processor.runOnce();

    // Then
    assertThat(whileSilent).containsExactly("STALE piezometer:VWP-1 RAISED");
    assertThat(
            site.column("SELECT kind || ' ' || series_key || ' ' || state FROM monitoring.alarms"))
        .containsExactly("STALE piezometer:VWP-1 CLEARED");
  }

  @Test
  void fiveIdenticalReadingsInARowRaiseAFlatlineWarning(SiteDatabase.Site site) {
    // Given
    AlarmProcessor processor = processor(site);
    List<dev.geomonitor.domain.EnrichedReading> readings = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      readings.add(reading("piezometer", "VWP-9", T0.plusSeconds(60L * i), 0.0));
      readings.add(reading("piezometer", "VWP-8", T0.plusSeconds(60L * i), i));
    }
    site.writeReadings(readings);

    // When
    processor.runOnce();

    // Then
    assertThat(
            site.column("SELECT kind || ' ' || series_key || ' ' || level FROM monitoring.alarms"))
        .containsExactly("FLATLINE piezometer:VWP-9 FLATLINE");
  }

  @Test
  void aSettlementPointAcceleratingUnderItsAbsoluteLevelsRaisesARateAlarmThatClearsWithHysteresis(
      SiteDatabase.Site site) {
    // Given: more than 5 mm in a day raises, back under 3 mm clears
    AlarmPolicy withRate =
        new AlarmPolicy(
            POLICY.levels(),
            POLICY.clearHold(),
            StaleIntervals.NONE,
            0,
            new RateTriggers(
                Map.of("settlement_marker", new RateTriggers.Rule(5.0, Duration.ofDays(1), 3.0)),
                Map.of()));
    AlarmStore store = new AlarmStore(site.dataSource(), RateLimit.DEFAULT);
    AlarmProcessor processor =
        new AlarmProcessor(
            store,
            new AlertFeed(site.dataSource(), null),
            new InstrumentWatch(site.dataSource(), store),
            withRate,
            AlarmProcessor.Delivery.NONE,
            clock);
    double[] settlement = {0.0, -1.0, -2.0, -4.0, -6.5};
    List<String> states = new ArrayList<>();

    // When: a reading every 6 hours, then 4 mm in the next day (between both thresholds), then a
    // quiet day
    for (int i = 0; i < settlement.length; i++) {
      site.writeReadings(
          List.of(
              reading(
                  "settlement_marker",
                  "SM-104",
                  T0.plus(Duration.ofHours(6L * i)),
                  settlement[i])));
      processor.runOnce();
      states.add(
          String.join(",", site.column("SELECT state FROM monitoring.alarms WHERE kind = 'RATE'")));
    }
    site.writeReadings(
        List.of(reading("settlement_marker", "SM-104", T0.plus(Duration.ofHours(48)), -10.5)));
    processor.runOnce();
    states.add(
        String.join(",", site.column("SELECT state FROM monitoring.alarms WHERE kind = 'RATE'")));
    site.writeReadings(
        List.of(reading("settlement_marker", "SM-104", T0.plus(Duration.ofHours(80)), -10.6)));
    processor.runOnce();
    states.add(
        String.join(",", site.column("SELECT state FROM monitoring.alarms WHERE kind = 'RATE'")));

    // Then: raised once when -6.5 mm came within 24 h of 0; held at 4 mm/day (hysteresis); cleared
    // when quiet
    assertThat(states).containsExactly("", "", "", "", "RAISED", "RAISED", "CLEARED");
    assertThat(
            site.column("SELECT comment FROM monitoring.alarm_events WHERE event = 'RAISED'")
                .get(0))
        .contains("moved -6.500");
  }

  @Test
  void aLateCrossingIsRaisedSoSomeoneSeesItButLeavesTheCurrentAlarmAsItIs(SiteDatabase.Site site) {
    // Given
    AlarmProcessor processor = processor(site);
    site.writeAlerts(
        List.of(alert("BH-L", T0, TriggerStatus.NORMAL, TriggerStatus.ALARM, 88.0, true)));

    // When
    processor.runOnce();

    // Then
    assertThat(site.column("SELECT state || ' ' || level || ' ' || late FROM monitoring.alarms"))
        .containsExactly("CLEARED ALARM true");
    assertThat(site.column("SELECT message FROM monitoring.alarm_notifications"))
        .containsExactly("RAISE");
  }

  private static List<String> snapshot(SiteDatabase.Site site) {
    List<String> rows = new ArrayList<>();
    rows.addAll(
        site.column("SELECT row_to_json(a)::text FROM monitoring.alarms a ORDER BY alarm_id"));
    rows.addAll(
        site.column(
            "SELECT row_to_json(e)::text FROM monitoring.alarm_events e ORDER BY event_id"));
    rows.addAll(
        site.column(
            "SELECT row_to_json(n)::text FROM monitoring.alarm_notifications n"
                + " ORDER BY notification_id"));
    rows.addAll(site.column("SELECT count(*)::text FROM monitoring.alarm_processed_alerts"));
    return rows;
  }
}
