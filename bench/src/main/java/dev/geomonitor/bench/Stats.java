package dev.geomonitor.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median, spread and nearest-rank percentiles of repeated measurements. */
public final class Stats {
  private Stats() {}

  public static double median(List<Double> values) {
    List<Double> sorted = sorted(values);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  public static double min(List<Double> values) {
    return sorted(values).get(0);
  }

  public static double max(List<Double> values) {
    List<Double> sorted = sorted(values);
    return sorted.get(sorted.size() - 1);
  }

  /**
   * Nearest-rank percentile: the smallest value with at least {@code p} percent of the values at or
   * below it, so the reported figure is always one that was observed.
   */
  public static double percentile(List<Double> values, double p) {
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    List<Double> sorted = sorted(values);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }

  private static List<Double> sorted(List<Double> values) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("no measurements: a statistic needs at least one value");
    }
    List<Double> copy = new ArrayList<>(values);
    Collections.sort(copy);
    return copy;
  }
}
