package dev.geomonitor.alarms;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An alarm as its OpenSearch document (the search sink's {@code templates/alarms.json}, whose
 * mapping is strict): the row's state, plus what dashboards cannot compute themselves without
 * scripts, {@code open} and {@code seconds_to_acknowledge}.
 */
final class AlarmDocument {
  private AlarmDocument() {}

  /**
   * @param revision the row's revision: the document's external version
   * @param updatedAt when the row was last written
   */
  static Map<String, Object> of(Alarm a, long revision, Instant updatedAt) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("alarm_id", a.id);
    d.put("kind", a.kind.name());
    d.put("series", a.seriesKey);
    d.put("instrument", a.instrument);
    d.put("borehole_number", a.boreholeNumber);
    d.put("state", a.state.name());
    d.put("open", a.state != AlarmState.CLOSED);
    d.put("level", a.level);
    d.put("current_status", a.currentStatus);
    d.put("raised_at", text(a.raisedAt));
    d.put("level_since", text(a.levelSince));
    d.put("reading_ts", text(a.raisedTs));
    d.put("last_ts", text(a.lastTs));
    d.put("late", a.late);
    d.put("value", a.value);
    d.put("unit", a.unit);
    d.put("acknowledged_at", text(a.acknowledgedAt));
    d.put("acknowledged_by", a.acknowledgedBy);
    d.put("ack_comment", a.ackComment);
    d.put("seconds_to_acknowledge", secondsToAcknowledge(a));
    d.put("escalation_step", a.escalationStep);
    d.put("escalated_at", text(a.escalatedAt));
    d.put("reminders", a.reminders);
    d.put("cleared_at", text(a.clearedAt));
    d.put("all_clear_at", text(a.allClearAt));
    d.put("closed_at", text(a.closedAt));
    d.put("episode", a.episode);
    d.put("updated_at", text(updatedAt));
    d.put("revision", revision);
    return d;
  }

  /**
   * From when the alarm reached its level to the acknowledgement: the deadline the TARP sets
   * ({@code ack_within}) runs from the same instant, and a worse level or a new episode asks for a
   * new acknowledgement. Null while nobody has acknowledged.
   */
  static Long secondsToAcknowledge(Alarm a) {
    if (a.acknowledgedAt == null || a.levelSince == null) {
      return null;
    }
    return Math.max(0, Duration.between(a.levelSince, a.acknowledgedAt).toSeconds());
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
