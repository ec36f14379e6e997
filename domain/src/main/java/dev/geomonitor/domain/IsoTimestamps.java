package dev.geomonitor.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Fast paths for the ISO-8601 shapes the API and the producer actually write: {@code
 * yyyy-MM-ddTHH:mm:ss}, an optional fraction of 1-9 digits, then {@code Z}, an offset {@code
 * ±HH:MM}, or nothing (local time). java.time's general parsers cost more than the rest of
 * validating a reading; these return null for any other text, or for a date-time that does not
 * exist, so the caller falls back to the general parser and its verdict (and error message) stays
 * the one definition. Where they return a value it is the value the general parser gives.
 */
final class IsoTimestamps {
  private IsoTimestamps() {}

  /**
   * As {@code ISO_DATE_TIME.parseBest(ZonedDateTime, LocalDateTime)}: a local time is placed in
   * {@code zone}.
   */
  static Instant dateTime(String text, ZoneId zone) {
    int n = text.length();
    if (n < 19) {
      return null;
    }
    LocalDateTime local = localDateTime(text);
    if (local == null) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (i < n && text.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(text.charAt(i))) {
        nanos = nanos * 10 + (text.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || (i < n && isDigit(text.charAt(i)))) {
        return null;
      }
      for (int d = digits; d < 9; d++) {
        nanos *= 10;
      }
    }
    local = local.withNano(nanos);
    if (i == n) {
      return local.atZone(zone).toInstant();
    }
    if (i == n - 1 && text.charAt(i) == 'Z') {
      return local.toInstant(ZoneOffset.UTC);
    }
    if (i == n - 6
        && (text.charAt(i) == '+' || text.charAt(i) == '-')
        && text.charAt(i + 3) == ':') {
      int hours = twoDigits(text, i + 1);
      int minutes = twoDigits(text, i + 4);
      if (hours < 0 || minutes < 0) {
        return null;
      }
      int sign = text.charAt(i) == '-' ? -1 : 1;
      try {
        return local.toInstant(ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes));
      } catch (DateTimeException e) {
        return null;
      }
    }
    return null;
  }

  /** As {@code Instant.parse} for the UTC form {@code Instant.toString} writes ({@code ...Z}). */
  static Instant instant(String text) {
    int n = text.length();
    if (n < 20 || text.charAt(n - 1) != 'Z') {
      return null;
    }
    return dateTime(text, ZoneOffset.UTC);
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss} at the start of {@code text}, or null if not that shape or not a
   * real date-time.
   */
  private static LocalDateTime localDateTime(String t) {
    if (t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return null;
    }
    int year = fourDigits(t);
    int month = twoDigits(t, 5);
    int day = twoDigits(t, 8);
    int hour = twoDigits(t, 11);
    int minute = twoDigits(t, 14);
    int second = twoDigits(t, 17);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second);
    } catch (DateTimeException e) {
      return null; // 24:00, leap seconds, 30 February...: the general parser decides
    }
  }

  private static int fourDigits(String t) {
    int a = twoDigits(t, 0);
    int b = twoDigits(t, 2);
    return a < 0 || b < 0 ? -1 : a * 100 + b;
  }

  private static int twoDigits(String t, int at) {
    char a = t.charAt(at);
    char b = t.charAt(at + 1);
    return isDigit(a) && isDigit(b) ? (a - '0') * 10 + (b - '0') : -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
