package dev.geomonitor.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A clean reading as the Spark job writes it to the readings topic, to PostgreSQL ({@code
 * readings}) and as the sink indexes it (document {@code _id} = {@code reading_id}). Field names
 * are the wire contract: see docs/topics.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrichedReading(
    @JsonProperty("reading_id") String readingId,
    @JsonProperty("pipeline_version") String pipelineVersion,
    @JsonProperty("instrument") String instrument,
    @JsonProperty("borehole_number") String boreholeNumber,
    @JsonProperty("axis") String axis,
    @JsonProperty("ts") Instant ts,
    @JsonProperty("value") double value,
    @JsonProperty("unit") String unit,
    @JsonProperty("quantity") String quantity,
    @JsonProperty("surface_level") Double surfaceLevel,
    @JsonProperty("northing") double northing,
    @JsonProperty("easting") double easting,
    @JsonProperty("lat") double lat,
    @JsonProperty("lon") double lon,
    /**
     * Standpipes: surface_level − water level (m); negative when artesian. Null for other types.
     */
    @JsonProperty("depth_below_surface") Double depthBelowSurface,
    @JsonProperty("baseline") Double baseline,
    @JsonProperty("change_from_baseline") Double changeFromBaseline,
    /** Change since the instrument's previous reading in event time; null for its first reading. */
    @JsonProperty("change_since_previous") Double changeSincePrevious,
    @JsonProperty("trigger_status") TriggerStatus triggerStatus,
    @JsonProperty("api_version") String apiVersion,
    @JsonProperty("fetched_at") Instant fetchedAt) {}
