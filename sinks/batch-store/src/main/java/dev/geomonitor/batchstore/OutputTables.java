package dev.geomonitor.batchstore;

import static dev.geomonitor.batchstore.ColumnType.BOOL;
import static dev.geomonitor.batchstore.ColumnType.FLOAT8;
import static dev.geomonitor.batchstore.ColumnType.INT4;
import static dev.geomonitor.batchstore.ColumnType.INT8;
import static dev.geomonitor.batchstore.ColumnType.JSONB;
import static dev.geomonitor.batchstore.ColumnType.TEXT;
import static dev.geomonitor.batchstore.ColumnType.TEXT_ARRAY;
import static dev.geomonitor.batchstore.ColumnType.TIMESTAMPTZ;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.geomonitor.batchstore.OutputTable.Column;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.Rejection;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.domain.WindowAggregate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The tables of a pipeline version schema (see db/pipeline/V1__pipeline_tables.sql), in the
 * migration's column order. {@code OutputTablesIT} checks this against the migrated database, so
 * the two cannot drift apart silently.
 */
final class OutputTables {
  private OutputTables() {}

  static final OutputTable<EnrichedReading> READINGS =
      new OutputTable<>(
          "readings",
          List.of(
              new Column("instrument", TEXT),
              new Column("borehole_number", TEXT),
              new Column("ts", TIMESTAMPTZ),
              new Column("reading_id", TEXT),
              new Column("pipeline_version", TEXT),
              new Column("axis", TEXT),
              new Column("value", FLOAT8),
              new Column("unit", TEXT),
              new Column("quantity", TEXT),
              new Column("surface_level", FLOAT8),
              new Column("northing", FLOAT8),
              new Column("easting", FLOAT8),
              new Column("lat", FLOAT8),
              new Column("lon", FLOAT8),
              new Column("depth_below_surface", FLOAT8),
              new Column("baseline", FLOAT8),
              new Column("change_from_baseline", FLOAT8),
              new Column("change_since_previous", FLOAT8),
              new Column("trigger_status", TEXT),
              new Column("api_version", TEXT),
              new Column("fetched_at", TIMESTAMPTZ)),
          // The reading id is the series key (with the axis) plus ts; see db/pipeline/V3.
          List.of("reading_id"),
          r ->
              new Object[] {
                r.instrument(),
                r.boreholeNumber(),
                micros(r.ts()),
                r.readingId(),
                r.pipelineVersion(),
                r.axis(),
                r.value(),
                r.unit(),
                r.quantity(),
                r.surfaceLevel(),
                r.northing(),
                r.easting(),
                r.lat(),
                r.lon(),
                r.depthBelowSurface(),
                r.baseline(),
                r.changeFromBaseline(),
                r.changeSincePrevious(),
                name(r.triggerStatus()),
                r.apiVersion(),
                micros(r.fetchedAt())
              });

  static final OutputTable<WindowAggregate> AGGREGATES =
      new OutputTable<>(
          "aggregates",
          List.of(
              new Column("instrument", TEXT),
              new Column("borehole_number", TEXT),
              new Column("window_size", TEXT),
              new Column("window_start", TIMESTAMPTZ),
              new Column("aggregate_id", TEXT),
              new Column("pipeline_version", TEXT),
              new Column("window_end", TIMESTAMPTZ),
              new Column("count", INT8),
              new Column("min", FLOAT8),
              new Column("max", FLOAT8),
              new Column("mean", FLOAT8),
              new Column("first", FLOAT8),
              new Column("last", FLOAT8),
              new Column("rate_per_hour", FLOAT8),
              new Column("unit", TEXT),
              new Column("lat", FLOAT8),
              new Column("lon", FLOAT8)),
          List.of("aggregate_id"),
          // A window is re-emitted with new statistics in every batch that adds to it.
          OutputTable.Arrival.UPDATES,
          a ->
              new Object[] {
                a.instrument(),
                a.boreholeNumber(),
                a.windowSize(),
                micros(a.windowStart()),
                a.aggregateId(),
                a.pipelineVersion(),
                micros(a.windowEnd()),
                a.count(),
                a.min(),
                a.max(),
                a.mean(),
                a.first(),
                a.last(),
                a.ratePerHour(),
                a.unit(),
                a.lat(),
                a.lon()
              });

  static final OutputTable<StatusAlert> ALERTS =
      new OutputTable<>(
          "alerts",
          List.of(
              new Column("instrument", TEXT),
              new Column("borehole_number", TEXT),
              new Column("ts", TIMESTAMPTZ),
              new Column("status", TEXT),
              new Column("alert_id", TEXT),
              new Column("pipeline_version", TEXT),
              new Column("previous_status", TEXT),
              new Column("value", FLOAT8),
              new Column("baseline", FLOAT8),
              new Column("change_from_baseline", FLOAT8),
              new Column("level", FLOAT8),
              new Column("unit", TEXT),
              new Column("lat", FLOAT8),
              new Column("lon", FLOAT8),
              new Column("reading_id", TEXT),
              new Column("late", BOOL),
              new Column("late_by", TEXT)),
          List.of("alert_id"),
          a ->
              new Object[] {
                a.instrument(),
                a.boreholeNumber(),
                micros(a.ts()),
                name(a.status()),
                a.alertId(),
                a.pipelineVersion(),
                name(a.previousStatus()),
                a.value(),
                a.baseline(),
                a.changeFromBaseline(),
                a.level(),
                a.unit(),
                a.lat(),
                a.lon(),
                a.readingId(),
                Boolean.TRUE.equals(a.late()),
                a.lateBy()
              });

  static final OutputTable<DeadLetter> REJECTIONS =
      new OutputTable<>(
          "rejections",
          List.of(
              new Column("source_topic", TEXT),
              new Column("source_partition", INT4),
              new Column("source_offset", INT8),
              new Column("stage", TEXT),
              new Column("codes", TEXT_ARRAY),
              new Column("reasons", JSONB),
              new Column("source", TEXT),
              new Column("key", TEXT),
              new Column("value", TEXT),
              new Column("value_base64", TEXT),
              new Column("value_truncated", BOOL),
              new Column("rejected_at", TIMESTAMPTZ)),
          List.of("source_topic", "source_partition", "source_offset"),
          OutputTables::rejectionRow);

  /** The ledger's columns in table order; the writer fills it with its own statement. */
  static final List<String> LEDGER_COLUMNS =
      List.of(
          "query_name",
          "batch_id",
          "committed_at",
          "rows_in",
          "accepted",
          "rejected",
          "duplicates",
          "readings",
          "aggregates",
          "alerts",
          "rejections",
          "beyond_horizon");

  /**
   * The relations the monitoring schema exposes as views of the active version, with their columns.
   */
  static final List<String> VIEWED_TABLES =
      List.of("readings", "aggregates", "alerts", "rejections", "batch_ledger");

  static List<String> viewColumns(String table) {
    return switch (table) {
      case "readings" -> READINGS.columnNames();
      case "aggregates" -> AGGREGATES.columnNames();
      case "alerts" -> ALERTS.columnNames();
      case "rejections" -> REJECTIONS.columnNames();
      case "batch_ledger" -> LEDGER_COLUMNS;
      default -> throw new IllegalArgumentException("no monitoring view for table " + table);
    };
  }

  private static Object[] rejectionRow(DeadLetter d) {
    if (d.sourceTopic() == null || d.sourcePartition() == null || d.sourceOffset() == null) {
      throw new IllegalArgumentException(
          "a rejection needs source_topic, source_partition and source_offset to be stored (it is keyed by them);"
              + " got stage "
              + d.stage()
              + ", topic "
              + d.sourceTopic()
              + ", partition "
              + d.sourcePartition()
              + ", offset "
              + d.sourceOffset()
              + ": only rejections of records read from Kafka belong here");
    }
    List<Rejection> reasons =
        d.reasons() == null
            ? List.of()
            : d.reasons().stream()
                .map(r -> new Rejection(r.code(), withoutNul(r.field()), withoutNul(r.message())))
                .toList();
    String[] codes = reasons.stream().map(r -> r.code().name()).toArray(String[]::new);
    return new Object[] {
      d.sourceTopic(),
      d.sourcePartition(),
      d.sourceOffset(),
      d.stage(),
      codes,
      toJson(reasons),
      withoutNul(d.source()),
      withoutNul(d.key()),
      withoutNul(d.value()),
      d.valueBase64(),
      d.valueTruncated(),
      micros(d.rejectedAt())
    };
  }

  private static String toJson(List<Rejection> reasons) {
    try {
      return Json.MAPPER.writeValueAsString(reasons);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("rejection reasons always serialize: " + reasons, e);
    }
  }

  /**
   * PostgreSQL text and jsonb cannot hold U+0000, and a rejected record may contain anything.
   * Refusing it would stop the pipeline on the very records it exists to keep, so the character is
   * replaced (the exact bytes of records that are not valid UTF-8 are kept in value_base64).
   */
  static String withoutNul(String s) {
    return s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
  }

  /**
   * PostgreSQL keeps microseconds; truncating here keeps the in-batch de-duplication key equal to
   * the stored one.
   */
  private static Instant micros(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
  }

  private static String name(TriggerStatus s) {
    return s == null ? null : s.name();
  }
}
