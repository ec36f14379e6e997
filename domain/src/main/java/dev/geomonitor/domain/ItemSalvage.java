package dev.geomonitor.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Rescues the good items of a body that is not valid JSON as a whole (one item with a {@code NaN}
 * token, a stray character, an unterminated container...). The body's structure is scanned without
 * judging tokens: strings and bracket depth only, no recursion, so no content of an item can stop
 * the scan. The envelope is the body with its {@code items} array emptied; when it parses, each
 * element is parsed on its own and is either a good item or a rejected one with its reason. When
 * the envelope cannot be found whole (truncated body, broken structure outside the items) nothing
 * is salvaged and the caller dead-letters the body.
 */
final class ItemSalvage {
  private ItemSalvage() {}

  /**
   * @throws MalformedResponseException (MALFORMED_JSON, {@code cause}'s message) when no envelope
   *     can be found
   */
  static ApiResponse salvage(String body, JsonProcessingException cause)
      throws MalformedResponseException {
    MalformedResponseException unsalvageable =
        new MalformedResponseException(
            RejectCode.MALFORMED_JSON,
            "response body is not valid JSON: " + cause.getOriginalMessage());
    int[] items = findItemsArray(body);
    if (items == null) {
      throw unsalvageable;
    }
    JsonNode envelope;
    try {
      envelope =
          Json.MAPPER.readTree(body.substring(0, items[0]) + "[]" + body.substring(items[1] + 1));
    } catch (JsonProcessingException e) {
      throw unsalvageable;
    }
    if (envelope == null || !envelope.isObject()) {
      throw unsalvageable;
    }
    List<ApiItem> good = new ArrayList<>();
    List<ApiResponse.RejectedItem> rejected = new ArrayList<>();
    List<String> elements = elements(body, items[0], items[1]);
    for (int i = 0; i < elements.size(); i++) {
      String text = elements.get(i);
      if (text.isEmpty()) {
        rejected.add(
            new ApiResponse.RejectedItem(
                i,
                text,
                Rejection.of(
                    RejectCode.MALFORMED_JSON,
                    null,
                    "item " + i + " is empty (two commas in a row)")));
        continue;
      }
      try {
        good.add(new ApiItem(text, Json.MAPPER.readTree(text)));
      } catch (JsonProcessingException e) {
        rejected.add(
            new ApiResponse.RejectedItem(
                i,
                text,
                Rejection.of(
                    RejectCode.MALFORMED_JSON,
                    null,
                    "item " + i + " is not valid JSON: " + e.getOriginalMessage())));
      }
    }
    return ApiResponseParser.fromEnvelope(envelope, good, rejected);
  }

  /** Index of the '[' and of its matching ']' of the top-level "items" member, or null. */
  static int[] findItemsArray(String s) {
    int i = skipWhitespace(s, 0);
    if (i >= s.length() || s.charAt(i) != '{') {
      return null;
    }
    i++;
    while (true) {
      i = skipWhitespace(s, i);
      if (i >= s.length() || s.charAt(i) != '"') {
        return null;
      }
      int keyEnd = stringEnd(s, i);
      if (keyEnd < 0) {
        return null;
      }
      String key = s.substring(i + 1, keyEnd);
      i = skipWhitespace(s, keyEnd + 1);
      if (i >= s.length() || s.charAt(i) != ':') {
        return null;
      }
      i = skipWhitespace(s, i + 1);
      if (i >= s.length()) {
        return null;
      }
      int end = valueEnd(s, i);
      if (end < 0) {
        return null;
      }
      if (key.equals("items") && s.charAt(i) == '[') {
        int close = valueEnd(s, i + 1);
        while (close >= 0 && s.charAt(close) == ',') {
          close = valueEnd(s, close + 1);
        }
        return close >= 0 && s.charAt(close) == ']' ? new int[] {i, close} : null;
      }
      if (s.charAt(end) == '}') {
        return null;
      }
      i = end + 1; // a ','
    }
  }

  /** The elements of the array from '[' at {@code open} to ']' at {@code close}, each trimmed. */
  private static List<String> elements(String s, int open, int close) {
    List<String> list = new ArrayList<>();
    if (s.substring(open + 1, close).isBlank()) {
      return list;
    }
    int start = open + 1;
    while (true) {
      int end = valueEnd(s, start);
      list.add(s.substring(start, end).strip());
      if (end >= close) {
        return list;
      }
      start = end + 1;
    }
  }

  /**
   * From {@code from}, the index of the first ',' at depth 0 or of the bracket that closes the
   * enclosing container; -1 when the text ends first. Strings are skipped whole; brackets of either
   * kind count depth.
   */
  static int valueEnd(String s, int from) {
    int depth = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        i = stringEnd(s, i);
        if (i < 0) {
          return -1;
        }
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0) {
          return i;
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** Index of the quote that ends the string starting at {@code open}, or -1. */
  private static int stringEnd(String s, int open) {
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  private static int skipWhitespace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
