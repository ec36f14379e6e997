package dev.geomonitor.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The body of a request that adds a version (review levels, rate triggers): reads its fields with
 * the checks both routes share, each refusal naming the field and showing {@code example}.
 */
final class VersionRequest {
  private static final int MAX_TEXT = 2000;

  private final JsonNode body;
  private final String example;

  VersionRequest(JsonNode body, String example) {
    this.body = body;
    this.example = example;
  }

  /** A trimmed non-blank string of at most 2,000 characters, or null when absent and optional. */
  String text(String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException(field + " is required; send " + example);
      }
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(field + " must be a non-empty string");
    }
    if (v.asText().length() > MAX_TEXT) {
      throw new IllegalArgumentException(field + " is at most " + MAX_TEXT + " characters");
    }
    return v.asText().trim();
  }

  double number(String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw new IllegalArgumentException(field + " must be a finite number; send " + example);
    }
    return v.asDouble();
  }

  /** {@code effective_from}, or null for the earliest instant the grace allows. */
  Instant effectiveFrom() {
    String from = text("effective_from", false);
    if (from == null) {
      return null;
    }
    try {
      return Instant.parse(from);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "effective_from must be an ISO-8601 instant such as 2026-12-07T00:00:00Z; got '"
              + from
              + "'",
          e);
    }
  }
}
