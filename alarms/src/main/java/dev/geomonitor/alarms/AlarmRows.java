package dev.geomonitor.alarms;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@code monitoring.alarms} and {@code monitoring.alarm_events} rows on a caller's
 * connection.
 */
final class AlarmRows {
  static final String COLUMNS =
      "alarm_id, kind, series_key, instrument, borehole_number, state, level, current_status,"
          + " raised_at, level_since, raised_ts, last_ts, raised_alert_id, late, value, unit, acknowledged_at,"
          + " acknowledged_by, ack_comment, escalation_step, escalated_at, cleared_at, all_clear_at, episode, closed_at,"
          + " reminders, reminded_at";

  private AlarmRows() {}

  static Optional<Alarm> openFor(Connection c, AlarmKind kind, String seriesKey)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM monitoring.alarms"
                + " WHERE kind = ? AND series_key = ? AND state <> 'CLOSED' FOR UPDATE")) {
      ps.setString(1, kind.name());
      ps.setString(2, seriesKey);
      return one(ps);
    }
  }

  static Optional<Alarm> byId(Connection c, long id, boolean forUpdate) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM monitoring.alarms WHERE alarm_id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setLong(1, id);
      return one(ps);
    }
  }

  static List<Alarm> query(Connection c, String where, List<Object> binds, String order, int limit)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM monitoring.alarms "
                + where
                + " ORDER BY "
                + order
                + " LIMIT "
                + limit)) {
      for (int i = 0; i < binds.size(); i++) {
        ps.setObject(i + 1, binds.get(i));
      }
      List<Alarm> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    }
  }

  private static Optional<Alarm> one(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(read(rs)) : Optional.empty();
    }
  }

  static Alarm read(ResultSet rs) throws SQLException {
    Alarm a =
        new Alarm(
            AlarmKind.valueOf(rs.getString("kind")),
            rs.getString("series_key"),
            rs.getString("instrument"),
            rs.getString("borehole_number"));
    a.id = rs.getLong("alarm_id");
    a.state = AlarmState.valueOf(rs.getString("state"));
    a.level = rs.getString("level");
    a.currentStatus = rs.getString("current_status");
    a.raisedAt = instant(rs, "raised_at");
    a.levelSince = instant(rs, "level_since");
    a.raisedTs = instant(rs, "raised_ts");
    a.lastTs = instant(rs, "last_ts");
    a.raisedAlertId = rs.getString("raised_alert_id");
    a.late = rs.getBoolean("late");
    double v = rs.getDouble("value");
    a.value = rs.wasNull() ? null : v;
    a.unit = rs.getString("unit");
    a.acknowledgedAt = instant(rs, "acknowledged_at");
    a.acknowledgedBy = rs.getString("acknowledged_by");
    a.ackComment = rs.getString("ack_comment");
    a.escalationStep = rs.getInt("escalation_step");
    a.escalatedAt = instant(rs, "escalated_at");
    a.clearedAt = instant(rs, "cleared_at");
    a.allClearAt = instant(rs, "all_clear_at");
    a.episode = rs.getInt("episode");
    a.closedAt = instant(rs, "closed_at");
    a.reminders = rs.getInt("reminders");
    a.remindedAt = instant(rs, "reminded_at");
    return a;
  }

  /** Inserts a new alarm (id 0) or updates it; sets the id of a new one. */
  static void save(Connection c, Alarm a, Instant now) throws SQLException {
    if (a.id == 0) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO monitoring.alarms (kind, series_key, instrument,"
                  + " borehole_number, state, level, current_status, raised_at, level_since, raised_ts, last_ts,"
                  + " raised_alert_id, late, value, unit, acknowledged_at, acknowledged_by, ack_comment, escalation_step,"
                  + " escalated_at, cleared_at, all_clear_at, episode, closed_at, reminders, reminded_at, updated_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  + " RETURNING alarm_id")) {
        ps.setString(1, a.kind.name());
        ps.setString(2, a.seriesKey);
        ps.setString(3, a.instrument);
        ps.setString(4, a.boreholeNumber);
        bindState(ps, 5, a, now);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          a.id = rs.getLong(1);
        }
      }
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE monitoring.alarms SET state = ?, level = ?,"
                + " current_status = ?, raised_at = ?, level_since = ?, raised_ts = ?, last_ts = ?, raised_alert_id = ?,"
                + " late = ?, value = ?, unit = ?, acknowledged_at = ?, acknowledged_by = ?, ack_comment = ?,"
                + " escalation_step = ?, escalated_at = ?, cleared_at = ?, all_clear_at = ?, episode = ?, closed_at = ?,"
                + " reminders = ?, reminded_at = ?, updated_at = ?,"
                // Every write is a new revision: the search index learns of it (AlarmIndexer).
                + " revision = revision + 1 WHERE alarm_id = ?")) {
      bindState(ps, 1, a, now);
      ps.setLong(24, a.id);
      ps.executeUpdate();
    }
  }

  private static void bindState(PreparedStatement ps, int from, Alarm a, Instant now)
      throws SQLException {
    int i = from;
    ps.setString(i++, a.state.name());
    ps.setString(i++, a.level);
    ps.setString(i++, a.currentStatus);
    setInstant(ps, i++, a.raisedAt);
    setInstant(ps, i++, a.levelSince);
    setInstant(ps, i++, a.raisedTs);
    setInstant(ps, i++, a.lastTs);
    ps.setString(i++, a.raisedAlertId);
    ps.setBoolean(i++, a.late);
    if (a.value == null) {
      ps.setNull(i++, Types.DOUBLE);
    } else {
      ps.setDouble(i++, a.value);
    }
    ps.setString(i++, a.unit);
    setInstant(ps, i++, a.acknowledgedAt);
    ps.setString(i++, a.acknowledgedBy);
    ps.setString(i++, a.ackComment);
    ps.setInt(i++, a.escalationStep);
    setInstant(ps, i++, a.escalatedAt);
    setInstant(ps, i++, a.clearedAt);
    setInstant(ps, i++, a.allClearAt);
    ps.setInt(i++, a.episode);
    setInstant(ps, i++, a.closedAt);
    ps.setInt(i++, a.reminders);
    setInstant(ps, i++, a.remindedAt);
    setInstant(ps, i, now);
  }

  static void insertEvents(Connection c, long alarmId, List<AlarmEvent> events)
      throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO monitoring.alarm_events (alarm_id, at, event,"
                + " from_state, to_state, level, actor, comment, alert_id, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (AlarmEvent e : events) {
        ps.setLong(1, alarmId);
        setInstant(ps, 2, e.at());
        ps.setString(3, e.event());
        ps.setString(4, e.fromState() == null ? null : e.fromState().name());
        ps.setString(5, e.toState().name());
        ps.setString(6, e.level());
        ps.setString(7, e.actor());
        ps.setString(8, e.comment());
        ps.setString(9, e.alertId());
        setInstant(ps, 10, e.ts());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static List<AlarmEvent> events(Connection c, long alarmId) throws SQLException {
    List<AlarmEvent> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT event, from_state, to_state, level, actor, comment,"
                + " alert_id, ts, at FROM monitoring.alarm_events WHERE alarm_id = ? ORDER BY event_id")) {
      ps.setLong(1, alarmId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String from = rs.getString("from_state");
          out.add(
              new AlarmEvent(
                  rs.getString("event"),
                  from == null ? null : AlarmState.valueOf(from),
                  AlarmState.valueOf(rs.getString("to_state")),
                  rs.getString("level"),
                  rs.getString("actor"),
                  rs.getString("comment"),
                  rs.getString("alert_id"),
                  instant(rs, "ts"),
                  instant(rs, "at")));
        }
      }
    }
    return out;
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }
}
