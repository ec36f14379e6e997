package dev.geomonitor.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The two text forms of an instant the outputs use, written without {@link
 * java.time.format.DateTimeFormatter} (which the job's profile showed at several per cent of its
 * executors' time: every reading renders two or three of them). Each gives exactly the characters
 * of its reference form: {@link #iso} those of {@link Instant#toString()} and {@link #millis} those
 * of {@link NaturalKeys#TIMESTAMP_PATTERN} in UTC; years outside 0001–9999 (which those forms sign,
 * widen or count by era) take the reference formatter itself. {@code InstantTextTest} compares both
 * with their reference over millions of instants.
 */
public final class InstantText {
  /**
   * 0001-01-01T00:00:00Z and +10000-01-01T00:00:00Z: the years both forms write in the same four
   * digits (the pattern's {@code yyyy} is the year of era, so year 0 would be 0001 there).
   */
  private static final long FIRST_SECOND = -62_135_596_800L;

  private static final long END_SECOND = 253_402_300_800L;

  private InstantText() {}

  private static boolean fourDigitYear(Instant t) {
    return t.getEpochSecond() >= FIRST_SECOND && t.getEpochSecond() < END_SECOND;
  }

  /** {@link Instant#toString()}: seconds, then 3, 6 or 9 fraction digits as needed. */
  public static String iso(Instant t) {
    if (!fourDigitYear(t)) {
      return t.toString();
    }
    LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
    int nano = t.getNano();
    int digits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
    char[] c = new char[20 + (digits == 0 ? 0 : digits + 1)];
    dateTime(c, d);
    int at = 19;
    if (digits > 0) {
      c[at++] = '.';
      int fraction = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1000 : nano;
      digits(c, at, fraction, digits);
      at += digits;
    }
    c[at] = 'Z';
    return new String(c);
  }

  /** {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC: always three fraction digits (truncated). */
  public static String millis(Instant t) {
    if (!fourDigitYear(t)) {
      return NaturalKeys.referenceTimestamp(t);
    }
    LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
    char[] c = new char[24];
    dateTime(c, d);
    c[19] = '.';
    digits(c, 20, t.getNano() / 1_000_000, 3);
    c[23] = 'Z';
    return new String(c);
  }

  /** {@code yyyy-MM-ddTHH:mm:ss} into c[0..19). */
  private static void dateTime(char[] c, LocalDateTime d) {
    digits(c, 0, d.getYear(), 4);
    c[4] = '-';
    digits(c, 5, d.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, d.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, d.getHour(), 2);
    c[13] = ':';
    digits(c, 14, d.getMinute(), 2);
    c[16] = ':';
    digits(c, 17, d.getSecond(), 2);
  }

  /** {@code value} in exactly {@code width} decimal digits, zero-padded, at {@code at}. */
  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
