package dev.geomonitor.local.page;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.TriggerStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The horizontal lines drawn on an instrument's chart: where its readings would become ALERT, ALARM
 * and ACTION. Levels are changes from a baseline, so the lines sit at baseline ± level; for a
 * two-sided instrument only the side it has moved towards is drawn, so the chart's scale stays
 * about the data (both sides while it sits on its baseline).
 */
public final class TriggerLines {

  /** One line: the status it starts and its value in the instrument's unit. */
  public record Line(TriggerStatus status, double value) {}

  private TriggerLines() {}

  /**
   * The baseline the series is judged against: what the job recorded, else the configured one, else
   * its first value.
   */
  public static Double baselineOf(TriggerLevels levels, List<EnrichedReading> series) {
    for (int i = series.size() - 1; i >= 0; i--) {
      if (series.get(i).baseline() != null) {
        return series.get(i).baseline();
      }
    }
    if (levels.baseline() != null) {
      return levels.baseline();
    }
    return series.isEmpty() ? null : series.get(0).value();
  }

  public static List<Line> forSeries(TriggerLevels levels, List<EnrichedReading> series) {
    Double baseline = baselineOf(levels, series);
    if (baseline == null) {
      return List.of();
    }
    double latestChange = series.isEmpty() ? 0.0 : series.get(series.size() - 1).value() - baseline;
    boolean above =
        switch (levels.direction()) {
          case RISE -> true;
          case FALL -> false;
          case BOTH -> latestChange >= 0;
        };
    boolean below =
        switch (levels.direction()) {
          case RISE -> false;
          case FALL -> true;
          case BOTH -> latestChange <= 0;
        };
    List<Line> lines = new ArrayList<>();
    for (TriggerStatus status :
        List.of(TriggerStatus.ALERT, TriggerStatus.ALARM, TriggerStatus.ACTION)) {
      double level = levels.levelOf(status);
      if (above) {
        lines.add(new Line(status, baseline + level));
      }
      if (below) {
        lines.add(new Line(status, baseline - level));
      }
    }
    return lines;
  }
}
