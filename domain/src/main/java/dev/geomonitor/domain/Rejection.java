package dev.geomonitor.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reason a record was rejected: a stable code, the field it concerns (null for whole-record reasons) and a message a
 * person can act on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rejection(RejectCode code, String field, String message) {
  /** Longest message kept: messages quote the bad input, which may be megabytes (a dead letter must fit a record). */
  public static final int MAX_MESSAGE_CHARS = 1024;

  /** Longest field name kept (field names can come from the input too). */
  public static final int MAX_FIELD_CHARS = 128;

  public static Rejection of(RejectCode code, String field, String message) {
    return new Rejection(code, cut(field, MAX_FIELD_CHARS), cut(message, MAX_MESSAGE_CHARS));
  }

  private static String cut(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 4)) ? max - 4 : max - 3; // never split a surrogate pair
    return s.substring(0, end) + "...";
  }

  @Override
  public String toString() {
    return field == null ? code + ": " + message : code + "(" + field + "): " + message;
  }
}
