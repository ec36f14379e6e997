package dev.geomonitor.alarms;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** An alarm as the API and the page show it (JSON, snake_case). */
public record AlarmView(
    @JsonProperty("alarm_id") long alarmId,
    @JsonProperty("kind") AlarmKind kind,
    @JsonProperty("series") String series,
    @JsonProperty("instrument") String instrument,
    @JsonProperty("borehole_number") String boreholeNumber,
    @JsonProperty("state") AlarmState state,
    @JsonProperty("level") String level,
    @JsonProperty("current_status") String currentStatus,
    @JsonProperty("raised_at") Instant raisedAt,
    @JsonProperty("reading_ts") Instant readingTs,
    @JsonProperty("late") boolean late,
    @JsonProperty("value") Double value,
    @JsonProperty("unit") String unit,
    @JsonProperty("acknowledged_at") Instant acknowledgedAt,
    @JsonProperty("acknowledged_by") String acknowledgedBy,
    @JsonProperty("ack_comment") String ackComment,
    @JsonProperty("escalation_step") int escalationStep,
    @JsonProperty("cleared_at") Instant clearedAt,
    @JsonProperty("all_clear_at") Instant allClearAt,
    @JsonProperty("closed_at") Instant closedAt,
    @JsonProperty("episode") int episode) {

  static AlarmView of(Alarm a) {
    return new AlarmView(
        a.id,
        a.kind,
        a.seriesKey,
        a.instrument,
        a.boreholeNumber,
        a.state,
        a.level,
        a.currentStatus,
        a.raisedAt,
        a.raisedTs,
        a.late,
        a.value,
        a.unit,
        a.acknowledgedAt,
        a.acknowledgedBy,
        a.ackComment,
        a.escalationStep,
        a.clearedAt,
        a.allClearAt,
        a.closedAt,
        a.episode);
  }
}
