package dev.geomonitor.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Emitted when an instrument's trigger status changes (either way: ALERT → NORMAL is news too), with the reading that
 * caused it. Natural key: instrument, borehole_number, ts, status.
 *
 * @param level the threshold of the new status (0 for NORMAL)
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
    @JsonProperty("reading_id") String readingId) {}
