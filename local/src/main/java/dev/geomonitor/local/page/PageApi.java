package dev.geomonitor.local.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.TriggerStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page's JSON API, independent of the HTTP server: one method per endpoint, each answering a
 * status and a JSON body. A failing data source fails only its own endpoint (503 with the reason),
 * so the other panels keep working.
 */
public final class PageApi {

  private static final Logger LOG = LoggerFactory.getLogger(PageApi.class);
  static final int MAX_LIMIT = 5000;

  private final LiveReadings live;
  private final BatchViews batch;
  private final PipelineHealth health;
  private final Supplier<TriggerLevelCatalog> triggerLevels;
  private final Clock clock;

  public PageApi(
      LiveReadings live,
      BatchViews batch,
      PipelineHealth health,
      Supplier<TriggerLevelCatalog> triggerLevels,
      Clock clock) {
    this.live = Objects.requireNonNull(live, "live");
    this.batch = Objects.requireNonNull(batch, "batch");
    this.health = Objects.requireNonNull(health, "health");
    this.triggerLevels = Objects.requireNonNull(triggerLevels, "triggerLevels");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Answers {@code GET path?params}; unknown paths get 404. */
  public PageResponse handle(String path, Map<String, String> params) {
    try {
      return switch (path) {
        case "/api/instruments" -> ok(instruments());
        case "/api/series" -> ok(series(params));
        case "/api/alerts" -> ok(alerts(params));
        case "/api/health" -> ok(health.snapshot());
        case "/api/batch" -> ok(batchViews(params));
        case "/api/statuses" -> ok(StatusPalette.statuses());
        default ->
            error(
                404,
                "no endpoint "
                    + path
                    + "; try /api/instruments, /api/series, /api/alerts,"
                    + " /api/health, /api/batch or /api/statuses");
      };
    } catch (IllegalArgumentException e) {
      return error(400, e.getMessage());
    } catch (PageDataException e) {
      LOG.warn("{} failed: {}", path, e.getMessage());
      return error(503, e.getMessage());
    }
  }

  /**
   * {@code /api/instruments}: the latest reading of each instrument and how many are in each
   * status.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Instruments(
      Instant generatedAt,
      Map<TriggerStatus, Integer> statusCounts,
      List<EnrichedReading> instruments) {}

  /** {@code /api/series}: one instrument's recent readings with its trigger lines. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Series(
      String instrument,
      String boreholeNumber,
      String unit,
      String quantity,
      Double baseline,
      TriggerStatus latestStatus,
      List<Point> points,
      List<TriggerLines.Line> triggerLines) {}

  /** A chart point: epoch milliseconds (what Chart.js's linear axis takes) and the value. */
  public record Point(long t, double v, TriggerStatus s) {}

  /** {@code /api/alerts}. */
  public record Alerts(List<StatusAlert> alerts) {}

  /** {@code /api/batch}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Batch(
      List<BatchViews.DailySummary> dailySummary, List<BatchViews.Exceedance> exceedanceHistory) {}

  Instruments instruments() {
    List<EnrichedReading> latest =
        live.latestPerInstrument().stream()
            .sorted(
                Comparator.comparing(EnrichedReading::instrument)
                    .thenComparing(EnrichedReading::boreholeNumber))
            .toList();
    Map<TriggerStatus, Integer> counts = new EnumMap<>(TriggerStatus.class);
    for (TriggerStatus s : TriggerStatus.values()) {
      counts.put(s, 0);
    }
    latest.forEach(
        r ->
            counts.merge(
                r.triggerStatus() == null ? TriggerStatus.NORMAL : r.triggerStatus(),
                1,
                Integer::sum));
    return new Instruments(Instant.now(clock), counts, latest);
  }

  Series series(Map<String, String> params) {
    String instrument = required(params, "instrument");
    String borehole = required(params, "borehole_number");
    int limit = limit(params, 500);
    TriggerLevels levels = triggerLevels.get().levelsFor(instrument, borehole);
    List<EnrichedReading> readings = live.series(instrument, borehole, limit);
    List<Point> points =
        readings.stream()
            .map(r -> new Point(r.ts().toEpochMilli(), r.value(), r.triggerStatus()))
            .toList();
    EnrichedReading last = readings.isEmpty() ? null : readings.get(readings.size() - 1);
    return new Series(
        instrument,
        borehole,
        last == null ? null : last.unit(),
        last == null ? null : last.quantity(),
        TriggerLines.baselineOf(levels, readings),
        last == null ? null : last.triggerStatus(),
        points,
        TriggerLines.forSeries(levels, readings));
  }

  Alerts alerts(Map<String, String> params) {
    return new Alerts(live.latestAlerts(limit(params, 20)));
  }

  Batch batchViews(Map<String, String> params) {
    int limit = limit(params, 50);
    return new Batch(batch.dailySummary(limit), batch.exceedanceHistory(limit));
  }

  private static String required(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "query parameter '"
              + name
              + "' is required, e.g. /api/series?"
              + "instrument=water_standpipe&borehole_number=BH-9037");
    }
    return value.trim();
  }

  private static int limit(Map<String, String> params, int fallback) {
    String value = params.get("limit");
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException(
            "limit must be between 1 and " + MAX_LIMIT + "; got " + value);
      }
      return limit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be a whole number; got '" + value + "'", e);
    }
  }

  private static PageResponse ok(Object body) {
    return write(200, body);
  }

  private static PageResponse error(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    return write(status, body);
  }

  private static PageResponse write(int status, Object body) {
    try {
      return PageResponse.json(status, Json.MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write page JSON for " + body.getClass().getSimpleName(), e);
    }
  }
}
