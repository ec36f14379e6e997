package dev.geomonitor.domain;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One item of an API response: its exact source text (what the raw topic stores, byte for byte as
 * served: a tree round-trip would turn {@code 1e400} into {@code "Infinity"} and hide what the API
 * really sent) and its parsed tree (for the key).
 */
public record ApiItem(String json, JsonNode node) {}
