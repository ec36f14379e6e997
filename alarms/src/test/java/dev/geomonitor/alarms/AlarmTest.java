package dev.geomonitor.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.domain.TriggerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmTest {
  private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
  private static final AlarmPolicy POLICY =
      new AlarmPolicy(
          Map.of(
              "ALERT",
              new AlarmPolicy.LevelPolicy(Duration.ofHours(4), 1),
              "ALARM",
              new AlarmPolicy.LevelPolicy(Duration.ofMinutes(30), 2),
              "ACTION",
              new AlarmPolicy.LevelPolicy(Duration.ofMinutes(10), 2)),
          Duration.ofMinutes(15),
          StaleIntervals.NONE,
          0);

  private final List<AlarmEvent> events = new ArrayList<>();
  private final List<AlarmMessage> messages = new ArrayList<>();

  @Test
  void aStandpipeThroughAlertAlarmActionAndBackIsOneAlarmToldAtEachWorseLevel() {
    // Given / When
    Alarm alarm = raise(TriggerStatus.ALERT, 0);
    record(alarm.apply(crossing(TriggerStatus.ALARM, 1, false), at(1)));
    record(alarm.apply(crossing(TriggerStatus.ACTION, 2, false), at(2)));
    record(alarm.apply(crossing(TriggerStatus.NORMAL, 3, false), at(3)));

    // Then
    assertThat(alarm.state()).isEqualTo(AlarmState.CLEARED);
    assertThat(alarm.level()).isEqualTo("ACTION");
    assertThat(events)
        .extracting(AlarmEvent::event)
        .containsExactly("RAISED", "LEVEL_CHANGED", "LEVEL_CHANGED", "CLEARED");
    assertThat(messages)
        .containsExactly(
            new AlarmMessage(AlarmMessage.Type.RAISE, "ALERT", 0),
            new AlarmMessage(AlarmMessage.Type.RAISE, "ALARM", 0),
            new AlarmMessage(AlarmMessage.Type.RAISE, "ACTION", 0));
  }

  @Test
  void anAlarmNotAcknowledgedInTimeEscalatesOneStepPerDeadlineUpToTheConfiguredSteps() {
    // Given
    Alarm alarm = raise(TriggerStatus.ALARM, 0);

    // When
    record(alarm.tick(T0.plus(Duration.ofMinutes(29)), POLICY));
    assertThat(alarm.escalationStep()).isZero();
    record(alarm.tick(T0.plus(Duration.ofMinutes(30)), POLICY));
    record(alarm.tick(T0.plus(Duration.ofHours(5)), POLICY));

    // Then
    assertThat(alarm.escalationStep()).isEqualTo(2);
    assertThat(messages)
        .extracting(AlarmMessage::type, AlarmMessage::step)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlarmMessage.Type.RAISE, 0),
            org.assertj.core.groups.Tuple.tuple(AlarmMessage.Type.ESCALATE, 1),
            org.assertj.core.groups.Tuple.tuple(AlarmMessage.Type.ESCALATE, 2));
  }

  @Test
  void dueSaysExactlyWhenTheClockWouldChangeAnAlarm() {
    // Given alarms in each state time can act on
    Alarm raised = raise(TriggerStatus.ALARM, 0);
    Alarm cleared = raise(TriggerStatus.ALERT, 0);
    cleared.apply(crossing(TriggerStatus.NORMAL, 1, false), at(1));
    Alarm acknowledged = raise(TriggerStatus.ACTION, 0);
    acknowledged.acknowledge("j.smith", null, at(1));

    // When / Then: minute by minute over three hours, due() agrees with what tick() does
    for (int minute = 0; minute <= 180; minute++) {
      for (Alarm a : List.of(raised, cleared, acknowledged)) {
        boolean due = a.due(at(minute), POLICY);
        assertThat(a.tick(at(minute), POLICY).isEmpty())
            .as("minute %d, %s", minute, a.level())
            .isEqualTo(!due);
      }
    }
    assertThat(raised.escalationStep()).isEqualTo(2);
    assertThat(cleared.state()).isEqualTo(AlarmState.CLEARED);
    assertThat(acknowledged.escalationStep()).isZero();
  }

  @Test
  void anAcknowledgedAlarmDoesNotEscalate() {
    // Given
    Alarm alarm = raise(TriggerStatus.ALARM, 0);

    // When
    record(alarm.acknowledge("j.smith", "dipping BH-9037 now", T0.plus(Duration.ofMinutes(5))));
    record(alarm.tick(T0.plus(Duration.ofHours(5)), POLICY));

    // Then
    assertThat(alarm.state()).isEqualTo(AlarmState.ACKNOWLEDGED);
    assertThat(alarm.escalationStep()).isZero();
    assertThat(messages).extracting(AlarmMessage::type).containsExactly(AlarmMessage.Type.RAISE);
    assertThat(events.get(1))
        .satisfies(
            e -> {
              assertThat(e.event()).isEqualTo("ACKNOWLEDGED");
              assertThat(e.actor()).isEqualTo("j.smith");
              assertThat(e.comment()).isEqualTo("dipping BH-9037 now");
            });
  }

  @Test
  void anAcknowledgedAlarmStillActiveIsRecalledEveryRemindPeriodUntilItClears() {
    // Given: ALARM reminds every 2 hours once acknowledged
    AlarmPolicy reminding =
        new AlarmPolicy(
            Map.of(
                "ALARM",
                new AlarmPolicy.LevelPolicy(Duration.ofMinutes(30), 0, Duration.ofHours(2))),
            Duration.ofMinutes(15),
            StaleIntervals.NONE,
            0);
    Alarm alarm = raise(TriggerStatus.ALARM, 0);
    record(alarm.acknowledge("j.smith", null, at(10)));

    // When
    for (int minute = 10; minute <= 10 + 5 * 60; minute += 5) {
      record(alarm.tick(at(minute), reminding));
    }
    record(alarm.apply(crossing(TriggerStatus.NORMAL, 400, false), at(400)));
    record(alarm.tick(at(600), reminding));

    // Then: reminders at +2 h and +4 h after the acknowledgement, none once cleared
    assertThat(messages)
        .extracting(AlarmMessage::type, AlarmMessage::step)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlarmMessage.Type.RAISE, 0),
            org.assertj.core.groups.Tuple.tuple(AlarmMessage.Type.REMINDER, 1),
            org.assertj.core.groups.Tuple.tuple(AlarmMessage.Type.REMINDER, 2),
            org.assertj.core.groups.Tuple.tuple(AlarmMessage.Type.ALL_CLEAR, 0));
  }

  @Test
  void aWorseLevelAfterAnAcknowledgementNeedsANewAcknowledgement() {
    // Given
    Alarm alarm = raise(TriggerStatus.ALERT, 0);
    alarm.acknowledge("j.smith", null, at(1));

    // When
    record(alarm.apply(crossing(TriggerStatus.ACTION, 2, false), at(2)));

    // Then
    assertThat(alarm.state()).isEqualTo(AlarmState.RAISED);
    assertThat(alarm.acknowledgedBy()).isNull();
    record(alarm.tick(at(2).plus(Duration.ofMinutes(10)), POLICY));
    assertThat(alarm.escalationStep()).isEqualTo(1);
  }

  @Test
  void aValueFlappingAroundALevelReopensTheSameAlarmWithoutNewMessagesAndGivesOneAllClear() {
    // Given
    Alarm alarm = raise(TriggerStatus.ALERT, 0);

    // When: twenty crossings back and forth, a minute apart
    for (int i = 1; i <= 20; i++) {
      TriggerStatus s = i % 2 == 1 ? TriggerStatus.NORMAL : TriggerStatus.ALERT;
      record(alarm.apply(crossing(s, i, false), at(i)));
      record(alarm.tick(at(i), POLICY));
    }
    record(alarm.apply(crossing(TriggerStatus.NORMAL, 21, false), at(21)));
    record(alarm.tick(at(21).plus(Duration.ofMinutes(15)), POLICY));

    // Then
    assertThat(messages)
        .extracting(AlarmMessage::type)
        .containsExactly(AlarmMessage.Type.RAISE, AlarmMessage.Type.ALL_CLEAR);
    assertThat(events).extracting(AlarmEvent::event).filteredOn("RERAISED"::equals).hasSize(10);
    assertThat(alarm.state()).isEqualTo(AlarmState.CLEARED);
  }

  @Test
  void aClearedAlarmClosesWithItsAllClearOnceAcknowledged() {
    // Given
    Alarm alarm = raise(TriggerStatus.ALARM, 0);
    record(alarm.apply(crossing(TriggerStatus.NORMAL, 1, false), at(1)));
    record(alarm.tick(at(1).plus(Duration.ofMinutes(15)), POLICY));
    assertThat(alarm.state()).isEqualTo(AlarmState.CLEARED);

    // When
    record(alarm.acknowledge("j.smith", "checked on site", at(30)));

    // Then
    assertThat(alarm.state()).isEqualTo(AlarmState.CLOSED);
    assertThat(events)
        .extracting(AlarmEvent::event)
        .containsExactly("RAISED", "CLEARED", "ALL_CLEAR", "ACKNOWLEDGED", "CLOSED");
    assertThatThrownBy(() -> alarm.acknowledge("a.n.other", null, at(31)))
        .isInstanceOf(AlarmConflictException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aCrossingAfterTheAllClearStartsANewEpisodeToldLikeANewAlarm() {
    // Given
    Alarm alarm = raise(TriggerStatus.ALERT, 0);
    alarm.apply(crossing(TriggerStatus.NORMAL, 1, false), at(1));
    alarm.tick(at(20), POLICY);

    // When
    record(alarm.apply(crossing(TriggerStatus.ALERT, 21, false), at(21)));

    // Then
    assertThat(alarm.episode()).isEqualTo(2);
    assertThat(alarm.state()).isEqualTo(AlarmState.RAISED);
    assertThat(messages).last().isEqualTo(new AlarmMessage(AlarmMessage.Type.RAISE, "ALERT", 0));
    assertThat(messages.get(messages.size() - 1).dedupeKey(7, 2))
        .isNotEqualTo(new AlarmMessage(AlarmMessage.Type.RAISE, "ALERT", 0).dedupeKey(7, 1));
  }

  @Test
  void aLateCrossingIsRaisedAsHistoryAndAnOlderReadingNeverMovesTheCurrentStatus() {
    // When
    Alarm.Changes changes = Alarm.Changes.none();
    Alarm late =
        Alarm.raise(
            "water_standpipe:BH-1",
            "water_standpipe",
            "BH-1",
            crossing(TriggerStatus.ALARM, 0, true),
            T0,
            changes);
    Alarm current = raise(TriggerStatus.ALERT, 10);
    Alarm.Changes older = current.apply(crossing(TriggerStatus.NORMAL, 5, false), at(11));

    // Then
    assertThat(late.state()).isEqualTo(AlarmState.CLEARED);
    assertThat(changes.messages())
        .containsExactly(new AlarmMessage(AlarmMessage.Type.RAISE, "ALARM", 0));
    assertThat(current.state()).isEqualTo(AlarmState.RAISED);
    assertThat(older.isEmpty()).isTrue();
  }

  @Test
  void acknowledgingTwiceOrWithoutANameIsRefusedWithWhatToDo() {
    Alarm alarm = raise(TriggerStatus.ALERT, 0);
    assertThatThrownBy(() -> alarm.acknowledge(" ", null, at(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"by\"");
    alarm.acknowledge("j.smith", null, at(1));
    assertThatThrownBy(() -> alarm.acknowledge("j.smith", null, at(2)))
        .isInstanceOf(AlarmConflictException.class)
        .hasMessageContaining("already acknowledged by j.smith")
        .hasMessageContaining("comment");
  }

  @Test
  void aStaleAlarmClearsWhenTheInstrumentReportsAndReopensWithinTheHold() {
    // Given
    Alarm.Changes changes = Alarm.Changes.none();
    Alarm stale = Alarm.raiseWatch(AlarmKind.STALE, "piezometer", "VWP-1", "silent", T0, changes);

    // When
    Alarm.Changes gone = stale.conditionGone(at(1), "reporting again");
    Alarm.Changes back = stale.conditionActive(at(2), "silent again");

    // Then
    assertThat(changes.messages())
        .containsExactly(new AlarmMessage(AlarmMessage.Type.RAISE, "STALE", 0));
    assertThat(gone.events()).extracting(AlarmEvent::event).containsExactly("CLEARED");
    assertThat(back.events()).extracting(AlarmEvent::event).containsExactly("RERAISED");
    assertThat(back.messages()).isEmpty();
    assertThat(stale.state()).isEqualTo(AlarmState.RAISED);
  }

  private Alarm raise(TriggerStatus status, int minute) {
    Alarm.Changes changes = Alarm.Changes.none();
    Alarm alarm =
        Alarm.raise(
            "water_standpipe:BH-1",
            "water_standpipe",
            "BH-1",
            crossing(status, minute, false),
            at(minute),
            changes);
    record(changes);
    return alarm;
  }

  private void record(Alarm.Changes changes) {
    events.addAll(changes.events());
    messages.addAll(changes.messages());
  }

  private static Alarm.Crossing crossing(TriggerStatus status, int minute, boolean late) {
    return new Alarm.Crossing(
        status, at(minute), "water_standpipe:BH-1:" + minute + ":" + status, late, 86.0, "m");
  }

  private static Instant at(int minute) {
    return T0.plus(Duration.ofMinutes(minute));
  }
}
