package dev.geomonitor.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reason a record was rejected: a stable code, the field it concerns (null for whole-record
 * reasons) and a message a person can act on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rejection(RejectCode code, String field, String message) {
  /**
   * Longest message kept: messages quote the bad input, which may be megabytes (a dead letter must
   * fit a record).
   */
  public static final int MAX_MESSAGE_CHARS = 1024;

  /** Longest field name kept (field names can come from the input too). */
  public static final int MAX_FIELD_CHARS = 128;

  public static Rejection of(RejectCode code, String field, String message) {
    return new Rejection(code, cut(field, MAX_FIELD_CHARS), cut(message, MAX_MESSAGE_CHARS));
  }

  private static String cut(String s, int max) {
    if (s == null) {
      return null;
    }
    s = wellFormed(s);
    if (s.length() <= max) {
      return s;
    }
    int end =
        Character.isHighSurrogate(s.charAt(max - 4))
            ? max - 4
            : max - 3; // never split a surrogate pair
    return s.substring(0, end) + "...";
  }

  /**
   * Replaces unpaired surrogates (a parser message quoting half of a pair, a JSON {@code \ud800}
   * escape) with U+FFFD: they have no UTF-8 form, so every sink would store something else than the
   * DLQ holds (found by fuzzing).
   */
  public static String wellFormed(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
              ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
              : !Character.isLowSurrogate(c)
                  || (i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
      if (!paired && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null) {
        out.append(paired ? c : '\uFFFD');
      }
    }
    return out == null ? s : out.toString();
  }

  @Override
  public String toString() {
    return field == null ? code + ": " + message : code + "(" + field + "): " + message;
  }
}
