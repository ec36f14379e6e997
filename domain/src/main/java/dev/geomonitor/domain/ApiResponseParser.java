package dev.geomonitor.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a source-API body of either version. Only the envelope is judged here: items are passed on
 * as served, because every item must reach the raw topic (a bad item is the Spark job's to reject,
 * with its reason, not the producer's to drop).
 */
public final class ApiResponseParser {
  private ApiResponseParser() {}

  /**
   * Parses a body. When it is not valid JSON as a whole but its envelope can be found, the items
   * that parse on their own are kept and the others listed in {@link ApiResponse#rejectedItems()}
   * ({@link ItemSalvage}).
   *
   * @throws MalformedResponseException when the body has no envelope of either version (the whole
   *     body is rejected)
   */
  public static ApiResponse parse(String body) throws MalformedResponseException {
    if (body == null) {
      throw new MalformedResponseException(RejectCode.MALFORMED_JSON, "response has no body");
    }
    if (body.startsWith("\uFEFF")) {
      body =
          body.substring(1); // a byte order mark is allowed before JSON text (RFC 8259 section 8.1)
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return ItemSalvage.salvage(body, e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedResponseException(
          RejectCode.NOT_AN_OBJECT, "response body is not a JSON object but " + describe(root));
    }
    JsonNode items = root.get("items");
    if (items == null || !items.isArray()) {
      throw new MalformedResponseException(
          RejectCode.MALFORMED_RESPONSE,
          "response has no \"items\" array (got " + describe(items) + ")");
    }
    return fromEnvelope(root, itemsWithSourceText(body, items), List.of());
  }

  /** The response for a parsed envelope and its items. */
  static ApiResponse fromEnvelope(
      JsonNode root, List<ApiItem> list, List<ApiResponse.RejectedItem> rejected)
      throws MalformedResponseException {
    String timezone = text(root, "timezone");
    if (root.has("request_type") || root.has("RL_units") || root.has("length")) {
      return new ApiResponse(
          ApiVersion.V1,
          text(root, "request_type"),
          text(root, "RL_units"),
          timezone,
          count(root, "length"),
          list,
          rejected);
    }
    if (root.has("instruments") || root.has("units")) {
      return new ApiResponse(
          ApiVersion.V2,
          null,
          text(root, "units"),
          timezone,
          count(root, "instruments"),
          list,
          rejected);
    }
    throw new MalformedResponseException(
        RejectCode.UNSUPPORTED_API_VERSION,
        "envelope matches neither v1 (request_type, length, RL_units) nor v2 (instruments, units); fields: "
            + fieldNames(root));
  }

  /**
   * Pairs each parsed item with its exact text in the body, found by streaming the body once more
   * and slicing it at the token offsets of the items array's elements.
   */
  private static List<ApiItem> itemsWithSourceText(String body, JsonNode items)
      throws MalformedResponseException {
    List<ApiItem> list = new ArrayList<>(items.size());
    try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
      p.nextToken(); // START_OBJECT of the envelope
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!"items".equals(field)) {
          p.skipChildren();
          continue;
        }
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          int start = (int) p.currentTokenLocation().getCharOffset();
          p.skipChildren();
          // A string token is read lazily: without this its end is not known yet and the item would
          // be cut to '"'
          p.finishToken();
          int end = (int) p.currentLocation().getCharOffset();
          list.add(new ApiItem(body.substring(start, end), items.get(i++)));
        }
        return list;
      }
    } catch (IOException e) {
      throw new MalformedResponseException(
          RejectCode.MALFORMED_JSON, "cannot re-read items: " + e.getMessage());
    }
    throw new MalformedResponseException(
        RejectCode.MALFORMED_RESPONSE, "items array not found on second read");
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static int count(JsonNode root, String field) {
    JsonNode n = root.get(field);
    return n != null && n.canConvertToInt() ? n.intValue() : -1;
  }

  private static String fieldNames(JsonNode root) {
    List<String> names = new ArrayList<>();
    root.fieldNames().forEachRemaining(names::add);
    return names.toString();
  }

  static String describe(JsonNode n) {
    return n == null ? "nothing" : n.getNodeType().name().toLowerCase();
  }
}
