package dev.geomonitor.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The value of one record on the raw topic: one item exactly as the API served it, wrapped with the
 * envelope metadata that gives it meaning. The raw topic is the Kappa log, so this format is a
 * contract: reprocessing replays it with every future job version. Add fields, never rename or
 * remove them.
 *
 * @param apiVersion "v1" or "v2"
 * @param endpoint the path polled, e.g. {@code /params/water_standpipe/}
 * @param units the envelope's units (v1 {@code RL_units}, v2 {@code units}); may be null
 * @param timezone the envelope's timezone, applied to timestamps without an offset
 * @param fetchedAt when the producer received the response (the reference for late and future
 *     timestamps)
 * @param pollId identifies the poll; repeated in a record header
 * @param item the item's JSON text exactly as served, embedded unchanged (not re-encoded) in the
 *     record
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RawReading(
    @JsonProperty("api_version") String apiVersion,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("units") String units,
    @JsonProperty("timezone") String timezone,
    @JsonProperty("fetched_at") Instant fetchedAt,
    @JsonProperty("poll_id") String pollId,
    @JsonProperty("item") @JsonRawValue @JsonDeserialize(using = RawJson.class) String item) {

  public static final String HEADER_POLL_ID = "poll_id";
  public static final String HEADER_API_VERSION = "api_version";

  /** The raw record of one item of a response. */
  public static RawReading of(
      ApiResponse response, ApiItem item, String endpoint, Instant fetchedAt, String pollId) {
    return new RawReading(
        response.version().wireName(),
        endpoint,
        response.units(),
        response.timezone(),
        fetchedAt,
        pollId,
        item.json());
  }

  /**
   * The record key: {@code instrument:borehole_number}, with empty parts where the item lacks them.
   */
  public static String keyOf(JsonNode item) {
    if (item == null || !item.isObject()) {
      return ":";
    }
    return textOrEmpty(item.get("instrument")) + ":" + textOrEmpty(item.get("borehole_number"));
  }

  private static String textOrEmpty(JsonNode n) {
    return n == null || n.isNull() || n.isContainerNode() ? "" : n.asText();
  }

  public byte[] toJsonBytes() {
    try {
      return Json.MAPPER.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a RawReading always serializes", e);
    }
  }

  public String toJson() {
    return new String(toJsonBytes(), StandardCharsets.UTF_8);
  }

  /**
   * Reads an embedded JSON value back as text. Used by tools and tests only: the validator reads
   * raw records as a tree, never through this class, so no fidelity is lost on the processing path.
   */
  static final class RawJson extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return ctxt.readTree(p).toString();
    }
  }
}
