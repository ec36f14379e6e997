package dev.geomonitor.infra;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * CloudWatch Logs accepts only fixed retention periods: a configured day count maps to the nearest
 * one not shorter.
 */
final class LogRetention {
  private static final TreeMap<Integer, RetentionDays> BY_DAYS =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry(1, RetentionDays.ONE_DAY),
              Map.entry(3, RetentionDays.THREE_DAYS),
              Map.entry(5, RetentionDays.FIVE_DAYS),
              Map.entry(7, RetentionDays.ONE_WEEK),
              Map.entry(14, RetentionDays.TWO_WEEKS),
              Map.entry(30, RetentionDays.ONE_MONTH),
              Map.entry(60, RetentionDays.TWO_MONTHS),
              Map.entry(90, RetentionDays.THREE_MONTHS),
              Map.entry(120, RetentionDays.FOUR_MONTHS),
              Map.entry(150, RetentionDays.FIVE_MONTHS),
              Map.entry(180, RetentionDays.SIX_MONTHS),
              Map.entry(365, RetentionDays.ONE_YEAR),
              Map.entry(400, RetentionDays.THIRTEEN_MONTHS),
              Map.entry(545, RetentionDays.EIGHTEEN_MONTHS),
              Map.entry(731, RetentionDays.TWO_YEARS),
              Map.entry(1827, RetentionDays.FIVE_YEARS),
              Map.entry(3653, RetentionDays.TEN_YEARS)));

  private LogRetention() {}

  static RetentionDays of(int days) {
    Map.Entry<Integer, RetentionDays> entry = BY_DAYS.ceilingEntry(days);
    return entry == null ? RetentionDays.INFINITE : entry.getValue();
  }
}
