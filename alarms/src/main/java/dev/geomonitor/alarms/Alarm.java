package dev.geomonitor.alarms;

import dev.geomonitor.domain.TriggerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One alarm and its lifecycle, as plain state: the store loads it, calls one of the transition
 * methods and saves it with the {@link Changes} the call returned (audit events and messages) in
 * one transaction. Nothing here reads a clock or a database, so every rule is a unit test away.
 *
 * <p>Levels are names: ALERT, ALARM, ACTION (LEVEL alarms, ordered as {@link TriggerStatus}),
 * STALE, FLATLINE.
 */
public final class Alarm {
  /** What one call decided: the audit lines and the messages to queue. */
  public record Changes(List<AlarmEvent> events, List<AlarmMessage> messages) {
    public static Changes none() {
      return new Changes(new ArrayList<>(), new ArrayList<>());
    }

    public boolean isEmpty() {
      return events.isEmpty() && messages.isEmpty();
    }
  }

  /** What an alert says about a series, in the lifecycle's terms. */
  public record Crossing(
      TriggerStatus status, Instant ts, String alertId, boolean late, Double value, String unit) {}

  long id;
  final AlarmKind kind;
  final String seriesKey;
  final String instrument;
  final String boreholeNumber;
  AlarmState state;
  String level;
  String currentStatus;
  Instant raisedAt;
  Instant levelSince;
  Instant raisedTs;
  Instant lastTs;
  String raisedAlertId;
  boolean late;
  Double value;
  String unit;
  Instant acknowledgedAt;
  String acknowledgedBy;
  String ackComment;
  int escalationStep;
  Instant escalatedAt;
  Instant clearedAt;
  Instant allClearAt;
  int episode = 1;
  Instant closedAt;
  int reminders;
  Instant remindedAt;

  Alarm(AlarmKind kind, String seriesKey, String instrument, String boreholeNumber) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.seriesKey = Objects.requireNonNull(seriesKey, "seriesKey");
    this.instrument = Objects.requireNonNull(instrument, "instrument");
    this.boreholeNumber = Objects.requireNonNull(boreholeNumber, "boreholeNumber");
  }

  /**
   * A new LEVEL alarm for a crossing above NORMAL. A late crossing is raised already cleared: it is
   * history.
   */
  public static Alarm raise(
      String seriesKey,
      String instrument,
      String boreholeNumber,
      Crossing c,
      Instant now,
      Changes changes) {
    if (c.status() == TriggerStatus.NORMAL) {
      throw new IllegalArgumentException("a NORMAL alert raises no alarm (" + c.alertId() + ")");
    }
    Alarm a = new Alarm(AlarmKind.LEVEL, seriesKey, instrument, boreholeNumber);
    a.open(c.status().name(), now, changes, c.alertId(), c.ts(), c.late() ? "late reading" : null);
    a.raisedTs = c.ts();
    a.raisedAlertId = c.alertId();
    a.value = c.value();
    a.unit = c.unit();
    a.late = c.late();
    if (c.late()) {
      a.currentStatus = TriggerStatus.NORMAL.name();
      a.clearedAt = now;
      a.state = AlarmState.CLEARED;
      changes
          .events()
          .add(
              a.event(
                  "CLEARED",
                  AlarmState.RAISED,
                  AlarmEvent.SYSTEM,
                  "late reading: the series was already past it",
                  c.alertId(),
                  c.ts(),
                  now));
    } else {
      a.lastTs = c.ts();
    }
    return a;
  }

  /** A new STALE or FLATLINE alarm. */
  public static Alarm raiseWatch(
      AlarmKind kind,
      String instrument,
      String boreholeNumber,
      String why,
      Instant now,
      Changes changes) {
    if (kind == AlarmKind.LEVEL) {
      throw new IllegalArgumentException("LEVEL alarms are raised from alerts");
    }
    Alarm a = new Alarm(kind, instrument + ":" + boreholeNumber, instrument, boreholeNumber);
    a.open(kind.name(), now, changes, null, null, why);
    return a;
  }

  private void open(
      String newLevel, Instant now, Changes changes, String alertId, Instant ts, String why) {
    state = AlarmState.RAISED;
    level = newLevel;
    currentStatus = newLevel;
    raisedAt = now;
    levelSince = now;
    changes.events().add(event("RAISED", null, AlarmEvent.SYSTEM, why, alertId, ts, now));
    changes.messages().add(new AlarmMessage(AlarmMessage.Type.RAISE, newLevel, 0));
  }

  /** Applies the next alert of this alarm's series (LEVEL alarms). */
  public Changes apply(Crossing c, Instant now) {
    requireKind(AlarmKind.LEVEL);
    Changes changes = Changes.none();
    if (state == AlarmState.CLOSED) {
      throw new IllegalStateException(
          "alarm " + id + " is closed; a new crossing raises a new alarm");
    }
    boolean outOfOrder = c.late() || (lastTs != null && c.ts().isBefore(lastTs));
    if (outOfOrder) {
      // A late reading leaves the series' current status as it is; it is recorded, and if it went
      // further than the
      // alarm has been, people are told (the crossing happened, even if it is over).
      if (c.status() != TriggerStatus.NORMAL) {
        boolean worse = severity(c.status().name()) > severity(level);
        changes
            .events()
            .add(
                event(
                    "LATE_CROSSING",
                    state,
                    AlarmEvent.SYSTEM,
                    "late reading at " + c.status(),
                    c.alertId(),
                    c.ts(),
                    now));
        if (worse) {
          level = c.status().name();
          changes.messages().add(new AlarmMessage(AlarmMessage.Type.RAISE, level, 0));
        }
      }
      return changes;
    }
    lastTs = c.ts();
    value = c.value();
    if (c.unit() != null) {
      unit = c.unit();
    }
    String status = c.status().name();
    if (c.status() == TriggerStatus.NORMAL) {
      clear(now, changes, c.alertId(), c.ts(), null);
      return changes;
    }
    reopenOrChange(status, now, changes, c.alertId(), c.ts());
    return changes;
  }

  /** The watch saw the condition again (STALE / FLATLINE): reopens a cleared alarm. */
  public Changes conditionActive(Instant now, String why) {
    Changes changes = Changes.none();
    if (state == AlarmState.CLEARED) {
      reopenOrChange(kind.name(), now, changes, null, null);
      if (why != null) {
        AlarmEvent last = changes.events().remove(changes.events().size() - 1);
        changes
            .events()
            .add(
                new AlarmEvent(
                    last.event(),
                    last.fromState(),
                    last.toState(),
                    last.level(),
                    last.actor(),
                    why,
                    null,
                    null,
                    now));
      }
    }
    return changes;
  }

  /** The watch no longer sees the condition (STALE / FLATLINE). */
  public Changes conditionGone(Instant now, String why) {
    Changes changes = Changes.none();
    clear(now, changes, null, null, why);
    return changes;
  }

  private void reopenOrChange(
      String status, Instant now, Changes changes, String alertId, Instant ts) {
    AlarmState before = state;
    boolean worse = severity(status) > severity(level);
    currentStatus = status;
    if (before == AlarmState.CLEARED && allClearAt != null) {
      // The all-clear was given: this is a new episode, told like a new alarm.
      episode++;
      allClearAt = null;
      clearedAt = null;
      level = status;
      levelSince = now;
      escalationStep = 0;
      acknowledgedAt = null;
      acknowledgedBy = null;
      ackComment = null;
      state = AlarmState.RAISED;
      changes
          .events()
          .add(
              event(
                  "RERAISED", before, AlarmEvent.SYSTEM, "after its all-clear", alertId, ts, now));
      changes.messages().add(new AlarmMessage(AlarmMessage.Type.RAISE, level, 0));
      return;
    }
    clearedAt = null;
    if (worse) {
      level = status;
      levelSince = now;
      escalationStep = 0;
      acknowledgedAt = null;
      acknowledgedBy = null;
      ackComment = null;
      state = AlarmState.RAISED;
      changes
          .events()
          .add(
              event(
                  "LEVEL_CHANGED",
                  before,
                  AlarmEvent.SYSTEM,
                  "worse: " + status,
                  alertId,
                  ts,
                  now));
      changes.messages().add(new AlarmMessage(AlarmMessage.Type.RAISE, level, 0));
      return;
    }
    if (before == AlarmState.CLEARED) {
      // Back within the hold time: the same alarm again, people already know; no new message.
      state = acknowledgedAt != null ? AlarmState.ACKNOWLEDGED : AlarmState.RAISED;
      changes
          .events()
          .add(
              event(
                  "RERAISED",
                  before,
                  AlarmEvent.SYSTEM,
                  "within the clear hold",
                  alertId,
                  ts,
                  now));
      return;
    }
    changes
        .events()
        .add(event("LEVEL_CHANGED", before, AlarmEvent.SYSTEM, "now " + status, alertId, ts, now));
  }

  private void clear(Instant now, Changes changes, String alertId, Instant ts, String why) {
    if (state != AlarmState.RAISED && state != AlarmState.ACKNOWLEDGED) {
      return;
    }
    AlarmState before = state;
    state = AlarmState.CLEARED;
    currentStatus = TriggerStatus.NORMAL.name();
    clearedAt = now;
    changes.events().add(event("CLEARED", before, AlarmEvent.SYSTEM, why, alertId, ts, now));
  }

  /**
   * What the passing of time does: escalation steps when not acknowledged in time, the all-clear
   * after the hold, and the close once cleared, all-clear given and acknowledged.
   */
  public Changes tick(Instant now, AlarmPolicy policy) {
    Changes changes = Changes.none();
    if (state == AlarmState.RAISED) {
      AlarmPolicy.LevelPolicy lp = policy.level(level);
      while (escalationStep < lp.escalations()
          && !now.isBefore(levelSince.plus(lp.ackWithin().multipliedBy(escalationStep + 1L)))) {
        escalationStep++;
        escalatedAt = now;
        changes
            .events()
            .add(
                event(
                    "ESCALATED",
                    state,
                    AlarmEvent.SYSTEM,
                    "not acknowledged within "
                        + lp.ackWithin().multipliedBy(escalationStep)
                        + " (step "
                        + escalationStep
                        + ")",
                    null,
                    null,
                    now));
        changes.messages().add(new AlarmMessage(AlarmMessage.Type.ESCALATE, level, escalationStep));
      }
    }
    if (reminderDue(now, policy)) {
      reminders++;
      remindedAt = now;
      changes
          .events()
          .add(
              event(
                  "REMINDED",
                  state,
                  AlarmEvent.SYSTEM,
                  "still " + currentStatus + ", acknowledged by " + acknowledgedBy,
                  null,
                  null,
                  now));
      changes.messages().add(new AlarmMessage(AlarmMessage.Type.REMINDER, level, reminders));
    }
    if (state == AlarmState.CLEARED
        && allClearAt == null
        && !now.isBefore(clearedAt.plus(policy.clearHold()))) {
      allClearAt = now;
      changes
          .events()
          .add(
              event(
                  "ALL_CLEAR",
                  state,
                  AlarmEvent.SYSTEM,
                  "clear for " + Duration.between(clearedAt, now),
                  null,
                  null,
                  now));
      changes.messages().add(new AlarmMessage(AlarmMessage.Type.ALL_CLEAR, level, 0));
    }
    closeIfDone(now, changes);
    return changes;
  }

  /** Whether {@link #tick} would change anything at {@code now}. */
  public boolean due(Instant now, AlarmPolicy policy) {
    if (state == AlarmState.RAISED) {
      AlarmPolicy.LevelPolicy lp = policy.level(level);
      return escalationStep < lp.escalations()
          && !now.isBefore(levelSince.plus(lp.ackWithin().multipliedBy(escalationStep + 1L)));
    }
    if (state == AlarmState.CLEARED) {
      return allClearAt == null
          ? !now.isBefore(clearedAt.plus(policy.clearHold()))
          : acknowledgedAt != null;
    }
    return reminderDue(now, policy);
  }

  private boolean reminderDue(Instant now, AlarmPolicy policy) {
    java.time.Duration every = policy.level(level).remindEvery();
    if (state != AlarmState.ACKNOWLEDGED || every == null) {
      return false;
    }
    Instant last =
        remindedAt != null && remindedAt.isAfter(acknowledgedAt) ? remindedAt : acknowledgedAt;
    return !now.isBefore(last.plus(every));
  }

  /**
   * A named person acknowledges: stops escalation; a cleared alarm then closes with its all-clear.
   */
  public Changes acknowledge(String by, String comment, Instant now) {
    requirePerson(by);
    if (state == AlarmState.CLOSED) {
      throw new AlarmConflictException("alarm " + id + " is closed; nothing to acknowledge");
    }
    if (acknowledgedAt != null) {
      throw new AlarmConflictException(
          "alarm "
              + id
              + " was already acknowledged by "
              + acknowledgedBy
              + " at "
              + acknowledgedAt
              + "; add a comment instead");
    }
    Changes changes = Changes.none();
    AlarmState before = state;
    acknowledgedAt = now;
    acknowledgedBy = by.strip();
    ackComment = comment;
    if (state == AlarmState.RAISED) {
      state = AlarmState.ACKNOWLEDGED;
    }
    changes.events().add(event("ACKNOWLEDGED", before, acknowledgedBy, comment, null, null, now));
    closeIfDone(now, changes);
    return changes;
  }

  /** A note on the alarm's record, in any state. */
  public Changes comment(String by, String comment, Instant now) {
    requirePerson(by);
    if (comment == null || comment.isBlank()) {
      throw new IllegalArgumentException(
          "a comment needs text: {\"by\":\"j.smith\",\"comment\":\"...\"}");
    }
    Changes changes = Changes.none();
    changes.events().add(event("COMMENTED", state, by.strip(), comment, null, null, now));
    return changes;
  }

  private void closeIfDone(Instant now, Changes changes) {
    if (state == AlarmState.CLEARED && allClearAt != null && acknowledgedAt != null) {
      state = AlarmState.CLOSED;
      closedAt = now;
      changes
          .events()
          .add(event("CLOSED", AlarmState.CLEARED, AlarmEvent.SYSTEM, null, null, null, now));
    }
  }

  private AlarmEvent event(
      String name,
      AlarmState from,
      String actor,
      String comment,
      String alertId,
      Instant ts,
      Instant at) {
    // fromState is the state before; toState the state after the change (already applied by the
    // caller).
    return new AlarmEvent(name, from, state, level, actor, comment, alertId, ts, at);
  }

  private void requireKind(AlarmKind expected) {
    if (kind != expected) {
      throw new IllegalStateException("alarm " + id + " is " + kind + ", not " + expected);
    }
  }

  private static void requirePerson(String by) {
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException(
          "say who you are: {\"by\":\"j.smith\",\"comment\":\"...\"}");
    }
    if (by.length() > 200) {
      throw new IllegalArgumentException("'by' is at most 200 characters");
    }
  }

  /** Order of levels for "worse": trigger statuses by severity; watch levels are one level each. */
  static int severity(String level) {
    try {
      return TriggerStatus.valueOf(level).ordinal();
    } catch (IllegalArgumentException e) {
      return 1;
    }
  }

  public long id() {
    return id;
  }

  public AlarmKind kind() {
    return kind;
  }

  public String seriesKey() {
    return seriesKey;
  }

  public AlarmState state() {
    return state;
  }

  public String level() {
    return level;
  }

  public String currentStatus() {
    return currentStatus;
  }

  public int escalationStep() {
    return escalationStep;
  }

  public int episode() {
    return episode;
  }

  public Instant acknowledgedAt() {
    return acknowledgedAt;
  }

  public String acknowledgedBy() {
    return acknowledgedBy;
  }
}
