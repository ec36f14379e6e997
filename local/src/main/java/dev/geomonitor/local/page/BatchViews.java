package dev.geomonitor.local.page;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The batch side of the page: the PostgreSQL analysis views ({@code monitoring.daily_summary},
 * {@code monitoring.exceedance_history}). Implementations throw {@link PageDataException} when the
 * database cannot answer.
 */
public interface BatchViews {

  /** Per instrument and UTC day, newest day first, at most {@code limit} rows. */
  List<DailySummary> dailySummary(int limit);

  /** Each status an instrument entered, newest first, at most {@code limit} rows. */
  List<Exceedance> exceedanceHistory(int limit);

  /** One row of {@code monitoring.daily_summary}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record DailySummary(
      LocalDate day,
      String instrument,
      String boreholeNumber,
      long count,
      double min,
      double max,
      double mean,
      double last,
      Instant lastTs,
      String unit) {}

  /**
   * One row of {@code monitoring.exceedance_history}; {@code leftAt} and {@code duration} are null
   * while ongoing.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Exceedance(
      String instrument,
      String boreholeNumber,
      String status,
      String previousStatus,
      Instant enteredAt,
      Instant leftAt,
      Duration duration,
      boolean ongoing,
      double value,
      double level,
      String unit) {}
}
