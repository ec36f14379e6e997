package dev.geomonitor.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Emitted when an instrument's trigger status changes (either way: ALERT → NORMAL is news too),
 * with the reading that caused it. Natural key: instrument, borehole_number, ts, status.
 *
 * @param level the threshold of the new status (0 for NORMAL)
 * @param late whether the reading arrived after a newer reading of its series: its status is
 *     compared with its event-time predecessor's, and the series' current status (its latest
 *     reading's) is left as it was; null in alerts written before the field existed (read as on
 *     time)
 * @param lateBy for a late alert, how far (ISO-8601 duration) the reading lies behind the series'
 *     latest reading when it arrived; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusAlert(
    @JsonProperty("alert_id") String alertId,
    @JsonProperty("pipeline_version") String pipelineVersion,
    @JsonProperty("instrument") String instrument,
    @JsonProperty("borehole_number") String boreholeNumber,
    @JsonProperty("ts") Instant ts,
    @JsonProperty("previous_status") TriggerStatus previousStatus,
    @JsonProperty("status") TriggerStatus status,
    @JsonProperty("value") double value,
    @JsonProperty("baseline") double baseline,
    @JsonProperty("change_from_baseline") double changeFromBaseline,
    @JsonProperty("level") double level,
    @JsonProperty("unit") String unit,
    @JsonProperty("lat") Double lat,
    @JsonProperty("lon") Double lon,
    @JsonProperty("reading_id") String readingId,
    @JsonProperty("late") Boolean late,
    @JsonProperty("late_by") String lateBy) {

  /** An on-time alert (the reading was the newest of its series when it arrived). */
  public StatusAlert(
      String alertId,
      String pipelineVersion,
      String instrument,
      String boreholeNumber,
      Instant ts,
      TriggerStatus previousStatus,
      TriggerStatus status,
      double value,
      double baseline,
      double changeFromBaseline,
      double level,
      String unit,
      Double lat,
      Double lon,
      String readingId) {
    this(
        alertId,
        pipelineVersion,
        instrument,
        boreholeNumber,
        ts,
        previousStatus,
        status,
        value,
        baseline,
        changeFromBaseline,
        level,
        unit,
        lat,
        lon,
        readingId,
        false,
        null);
  }
}
