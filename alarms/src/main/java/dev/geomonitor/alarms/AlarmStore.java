package dev.geomonitor.alarms;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.StatusAlert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Alarms in PostgreSQL: each change is one transaction holding the alarm's row lock, its audit
 * events and the messages it queues, so a crash never leaves a transition without its trail or its
 * notification. Alerts are applied at most once ({@code monitoring.alarm_processed_alerts}), which
 * makes a replay a no-op.
 */
public final class AlarmStore {
  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;
  private final RateLimit rateLimit;

  public AlarmStore(DataSource dataSource, RateLimit rateLimit) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
  }

  /**
   * Applies one alert: raises, changes, clears or reopens its series' LEVEL alarm.
   *
   * @return false when this alert was applied before (nothing changed)
   */
  public boolean apply(StatusAlert alert, Instant now) {
    String seriesKey = AlertSeries.seriesKey(alert);
    Alarm.Crossing crossing =
        new Alarm.Crossing(
            alert.status(),
            alert.ts(),
            alert.alertId(),
            Boolean.TRUE.equals(alert.late()),
            alert.value(),
            alert.unit());
    return inTransaction(
        "apply alert " + alert.alertId(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO monitoring.alarm_processed_alerts (alert_id,"
                      + " processed_at) VALUES (?, ?) ON CONFLICT (alert_id) DO NOTHING")) {
            ps.setString(1, alert.alertId());
            AlarmRows.setInstant(ps, 2, now);
            if (ps.executeUpdate() == 0) {
              return false;
            }
          }
          Optional<Alarm> open = AlarmRows.openFor(c, AlarmKind.LEVEL, seriesKey);
          Alarm alarm;
          Alarm.Changes changes;
          if (open.isPresent()) {
            alarm = open.get();
            changes = alarm.apply(crossing, now);
          } else if (alert.status() != dev.geomonitor.domain.TriggerStatus.NORMAL) {
            changes = Alarm.Changes.none();
            alarm =
                Alarm.raise(
                    seriesKey, alert.instrument(), alert.boreholeNumber(), crossing, now, changes);
          } else {
            return true; // back to NORMAL with no alarm open: nothing to manage
          }
          persist(c, alarm, changes, now);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE monitoring.alarm_processed_alerts SET alarm_id = ? WHERE alert_id = ?")) {
            ps.setLong(1, alarm.id);
            ps.setString(2, alert.alertId());
            ps.executeUpdate();
          }
          return true;
        });
  }

  /**
   * Escalations, all-clears and closes that are due at {@code now}; returns how many alarms
   * changed.
   */
  public int tick(Instant now, AlarmPolicy policy) {
    // One read of the alarms time can act on; only those with something due are locked and changed.
    List<Long> open =
        inTransaction(
            "list open alarms",
            c ->
                AlarmRows.query(
                        c, "WHERE state <> 'CLOSED'", List.of(), "alarm_id", Integer.MAX_VALUE)
                    .stream()
                    .filter(a -> a.due(now, policy))
                    .map(a -> a.id)
                    .toList());
    int changed = 0;
    for (long id : open) {
      boolean did =
          inTransaction(
              "tick alarm " + id,
              c -> {
                Optional<Alarm> alarm = AlarmRows.byId(c, id, true);
                if (alarm.isEmpty()) {
                  return false;
                }
                Alarm.Changes changes = alarm.get().tick(now, policy);
                if (changes.isEmpty()) {
                  return false;
                }
                persist(c, alarm.get(), changes, now);
                return true;
              });
      changed += did ? 1 : 0;
    }
    return changed;
  }

  /** A person acknowledges alarm {@code id}; see {@link Alarm#acknowledge}. */
  public AlarmView acknowledge(long id, String by, String comment, Instant now) {
    return change(id, now, a -> a.acknowledge(by, comment, now));
  }

  /** A person comments on alarm {@code id}. */
  public AlarmView comment(long id, String by, String comment, Instant now) {
    return change(id, now, a -> a.comment(by, comment, now));
  }

  /** Raises a STALE / FLATLINE alarm, or reopens the cleared one of that instrument. */
  public void watchActive(
      AlarmKind kind, String instrument, String boreholeNumber, String why, Instant now) {
    String key = instrument + ":" + boreholeNumber;
    inTransaction(
        "raise " + kind + " " + key,
        c -> {
          Optional<Alarm> open = AlarmRows.openFor(c, kind, key);
          Alarm.Changes changes;
          Alarm alarm;
          if (open.isPresent()) {
            alarm = open.get();
            changes = alarm.conditionActive(now, why);
          } else {
            changes = Alarm.Changes.none();
            alarm = Alarm.raiseWatch(kind, instrument, boreholeNumber, why, now, changes);
          }
          if (!changes.isEmpty()) {
            persist(c, alarm, changes, now);
          }
          return null;
        });
  }

  /** Clears the open STALE / FLATLINE alarm of an instrument, if any. */
  public void watchGone(
      AlarmKind kind, String instrument, String boreholeNumber, String why, Instant now) {
    String key = instrument + ":" + boreholeNumber;
    inTransaction(
        "clear " + kind + " " + key,
        c -> {
          Optional<Alarm> open = AlarmRows.openFor(c, kind, key);
          if (open.isPresent()) {
            Alarm.Changes changes = open.get().conditionGone(now, why);
            if (!changes.isEmpty()) {
              persist(c, open.get(), changes, now);
            }
          }
          return null;
        });
  }

  /** The state of each open alarm of a kind, by series key. */
  public Map<String, AlarmState> openStates(AlarmKind kind) {
    return inTransaction(
        "list open " + kind + " alarms",
        c -> {
          Map<String, AlarmState> out = new java.util.HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT series_key, state FROM monitoring.alarms WHERE kind = ? AND state <> 'CLOSED'")) {
            ps.setString(1, kind.name());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), AlarmState.valueOf(rs.getString(2)));
              }
            }
          }
          return out;
        });
  }

  /** Alarms, newest first; {@code openOnly} leaves out CLOSED ones. */
  public List<AlarmView> list(boolean openOnly, int limit) {
    return inTransaction(
        "list alarms",
        c ->
            AlarmRows.query(
                    c,
                    openOnly ? "WHERE state <> 'CLOSED'" : "",
                    List.of(),
                    "raised_at DESC, alarm_id DESC",
                    limit)
                .stream()
                .map(AlarmView::of)
                .toList());
  }

  public Optional<AlarmView> find(long id) {
    return inTransaction("read alarm " + id, c -> AlarmRows.byId(c, id, false).map(AlarmView::of));
  }

  /** One message to one recipient, as the API shows who was told what. */
  public record DeliveryView(
      @com.fasterxml.jackson.annotation.JsonProperty("message") String message,
      @com.fasterxml.jackson.annotation.JsonProperty("level") String level,
      @com.fasterxml.jackson.annotation.JsonProperty("step") int step,
      @com.fasterxml.jackson.annotation.JsonProperty("notification_status")
          String notificationStatus,
      @com.fasterxml.jackson.annotation.JsonProperty("channel") String channel,
      @com.fasterxml.jackson.annotation.JsonProperty("target") String target,
      @com.fasterxml.jackson.annotation.JsonProperty("status") String status,
      @com.fasterxml.jackson.annotation.JsonProperty("attempts") Integer attempts,
      @com.fasterxml.jackson.annotation.JsonProperty("last_error") String lastError,
      @com.fasterxml.jackson.annotation.JsonProperty("created_at") Instant createdAt,
      @com.fasterxml.jackson.annotation.JsonProperty("sent_at") Instant sentAt) {}

  /**
   * Messages about an alarm and their deliveries (a SUPPRESSED or UNROUTED message has none),
   * oldest first.
   */
  public List<DeliveryView> deliveries(long id) {
    return inTransaction(
        "read the deliveries of alarm " + id,
        c -> {
          List<DeliveryView> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT n.message, n.level, n.step, n.status, d.channel,"
                      + " d.target, d.status, d.attempts, d.last_error, n.created_at, d.sent_at"
                      + " FROM monitoring.alarm_notifications n LEFT JOIN monitoring.alarm_deliveries d USING (notification_id)"
                      + " WHERE n.alarm_id = ? ORDER BY n.notification_id, d.delivery_id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new DeliveryView(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        (Integer) rs.getObject(8),
                        rs.getString(9),
                        AlarmRows.instant(rs, "created_at"),
                        AlarmRows.instant(rs, "sent_at")));
              }
            }
          }
          return out;
        });
  }

  /** The audit trail of an alarm, oldest first. */
  public List<AlarmEvent> events(long id) {
    return inTransaction("read the audit trail of alarm " + id, c -> AlarmRows.events(c, id));
  }

  private AlarmView change(
      long id, Instant now, java.util.function.Function<Alarm, Alarm.Changes> action) {
    return inTransaction(
        "change alarm " + id,
        c -> {
          Alarm alarm =
              AlarmRows.byId(c, id, true)
                  .orElseThrow(
                      () ->
                          new AlarmNotFoundException(
                              "no alarm " + id + "; list them at /api/alarms"));
          Alarm.Changes changes = action.apply(alarm);
          persist(c, alarm, changes, now);
          return AlarmView.of(alarm);
        });
  }

  private void persist(Connection c, Alarm alarm, Alarm.Changes changes, Instant now)
      throws SQLException {
    AlarmRows.save(c, alarm, now);
    AlarmRows.insertEvents(c, alarm.id, changes.events());
    for (AlarmMessage m : changes.messages()) {
      queue(c, alarm, m, now);
    }
  }

  private void queue(Connection c, Alarm alarm, AlarmMessage m, Instant now) throws SQLException {
    int recent;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) FROM monitoring.alarm_notifications"
                + " WHERE alarm_id = ? AND status <> 'SUPPRESSED' AND created_at > ?")) {
      ps.setLong(1, alarm.id);
      AlarmRows.setInstant(ps, 2, now.minus(rateLimit.per()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        recent = rs.getInt(1);
      }
    }
    String status = recent >= rateLimit.maxMessages() ? "SUPPRESSED" : "QUEUED";
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO monitoring.alarm_notifications (alarm_id, dedupe_key,"
                + " message, level, step, status, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
                + " ON CONFLICT (dedupe_key) DO NOTHING")) {
      ps.setLong(1, alarm.id);
      ps.setString(2, m.dedupeKey(alarm.id, alarm.episode));
      ps.setString(3, m.type().name());
      ps.setString(4, m.level());
      ps.setInt(5, m.step());
      ps.setString(6, status);
      ps.setString(7, payload(alarm, m, now));
      AlarmRows.setInstant(ps, 8, now);
      ps.executeUpdate();
    }
  }

  /** The message's content, fixed when it is queued: what the alarm was when it was decided. */
  static String payload(Alarm a, AlarmMessage m, Instant now) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("message", m.type().name());
    p.put("alarm_id", a.id);
    p.put("kind", a.kind.name());
    p.put("level", m.level());
    p.put("escalation_step", m.step());
    p.put("state", a.state.name());
    p.put("instrument", a.instrument);
    p.put("borehole_number", a.boreholeNumber);
    p.put("series", a.seriesKey);
    p.put("current_status", a.currentStatus);
    p.put("value", a.value);
    p.put("unit", a.unit);
    p.put("late", a.late);
    p.put("raised_at", a.raisedAt == null ? null : a.raisedAt.toString());
    p.put("reading_ts", a.raisedTs == null ? null : a.raisedTs.toString());
    p.put("escalated_to_step", a.escalationStep);
    p.put("acknowledged_by", a.acknowledgedBy);
    p.put("episode", a.episode);
    p.put("decided_at", now.toString());
    try {
      return Json.MAPPER.writeValueAsString(p);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the payload of alarm " + a.id, e);
    }
  }

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  <T> T inTransaction(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      String hint =
          UNIQUE_VIOLATION.equals(e.getSQLState())
              ? " (another alarm processor changed it at the same time; the next pass retries)"
              : "42P01".equals(e.getSQLState())
                  ? " (the alarm tables are missing: run the batch store's migrations)"
                  : "";
      throw new AlarmStoreException(
          "cannot " + what + ": " + e.getMessage() + hint + " [SQLSTATE " + e.getSQLState() + "]",
          e);
    }
  }
}
