package dev.geomonitor.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Per-instrument statistics over one event-time tumbling window, as written to the aggregates
 * topic, PostgreSQL ({@code aggregates}) and OpenSearch. Natural key: instrument, borehole_number,
 * window_size, window_start.
 *
 * @param windowSize ISO-8601 duration of the window, e.g. {@code PT1M}, {@code PT15M}
 * @param ratePerHour (last − first) / (time between them) in unit per hour; null when the window
 *     holds one reading
 * @param revision grows every time the window's statistics change, and is a function of the raw log
 *     alone; a sink that receives two emissions of one window keeps the one with the higher
 *     revision (OpenSearch external versioning)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WindowAggregate(
    @JsonProperty("aggregate_id") String aggregateId,
    @JsonProperty("pipeline_version") String pipelineVersion,
    @JsonProperty("instrument") String instrument,
    @JsonProperty("borehole_number") String boreholeNumber,
    @JsonProperty("window_start") Instant windowStart,
    @JsonProperty("window_end") Instant windowEnd,
    @JsonProperty("window_size") String windowSize,
    @JsonProperty("count") long count,
    @JsonProperty("min") double min,
    @JsonProperty("max") double max,
    @JsonProperty("mean") double mean,
    @JsonProperty("first") double first,
    @JsonProperty("last") double last,
    @JsonProperty("rate_per_hour") Double ratePerHour,
    @JsonProperty("unit") String unit,
    @JsonProperty("lat") Double lat,
    @JsonProperty("lon") Double lon,
    @JsonProperty("revision") long revision) {}
