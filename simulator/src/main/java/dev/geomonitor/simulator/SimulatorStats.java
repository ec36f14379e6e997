package dev.geomonitor.simulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the simulator has served since it started: the figures tests reconcile the pipeline against.
 * Items are counted only in bodies a client can read (200 responses that were not truncated); items
 * of truncated bodies are lost to the client and counted in {@code truncatedBodyItems}. Maps are
 * keyed by wire names and sorted.
 *
 * @param dataRequests GET requests to /params/ paths that exist in the configured version
 * @param itemsServed items in readable 200 bodies, duplicates and malformed ones included
 * @param itemsByInstrument items served per instrument kind (a malformed item counts under its true
 *     kind)
 * @param itemsByEndpoint items served per path
 * @param malformedByKind corrupted items per {@link MalformedKind} wire name
 * @param duplicateItems extra copies of clean items
 * @param lateItems items replaced by a sample 1-14 minutes old
 * @param veryLateItems items replaced by a sample from a buffered upload, 15-90 minutes old
 * @param futureItems items stamped 1-6 hours ahead
 * @param unavailableResponses 503 responses (with Retry-After)
 * @param internalErrorResponses 500 responses
 * @param slowResponses responses delayed on purpose
 * @param truncatedBodies 200 responses cut short (not JSON)
 * @param truncatedBodyItems items the truncated bodies would have carried
 * @param correctedItems extra copies of clean items with a corrected value (same timestamp)
 */
@JsonIgnoreProperties(
    value = {"malformed_items", "error_responses"},
    allowGetters = true)
public record SimulatorStats(
    @JsonProperty("data_requests") long dataRequests,
    @JsonProperty("items_served") long itemsServed,
    @JsonProperty("items_by_instrument") Map<String, Long> itemsByInstrument,
    @JsonProperty("items_by_endpoint") Map<String, Long> itemsByEndpoint,
    @JsonProperty("malformed_by_kind") Map<String, Long> malformedByKind,
    @JsonProperty("duplicate_items") long duplicateItems,
    @JsonProperty("late_items") long lateItems,
    @JsonProperty("very_late_items") long veryLateItems,
    @JsonProperty("future_items") long futureItems,
    @JsonProperty("unavailable_responses") long unavailableResponses,
    @JsonProperty("internal_error_responses") long internalErrorResponses,
    @JsonProperty("slow_responses") long slowResponses,
    @JsonProperty("truncated_bodies") long truncatedBodies,
    @JsonProperty("truncated_body_items") long truncatedBodyItems,
    @JsonProperty("corrected_items") long correctedItems) {

  public SimulatorStats {
    itemsByInstrument = Collections.unmodifiableMap(new TreeMap<>(itemsByInstrument));
    itemsByEndpoint = Collections.unmodifiableMap(new TreeMap<>(itemsByEndpoint));
    malformedByKind = Collections.unmodifiableMap(new TreeMap<>(malformedByKind));
  }

  @JsonProperty("malformed_items")
  public long malformedItems() {
    return malformedByKind.values().stream().mapToLong(Long::longValue).sum();
  }

  @JsonProperty("error_responses")
  public long errorResponses() {
    return unavailableResponses + internalErrorResponses;
  }

  public long itemsOf(String instrumentWireName) {
    return itemsByInstrument.getOrDefault(instrumentWireName, 0L);
  }

  public long malformedOf(MalformedKind kind) {
    return malformedByKind.getOrDefault(kind.wireName(), 0L);
  }
}
