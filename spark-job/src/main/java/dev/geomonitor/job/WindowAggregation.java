package dev.geomonitor.job;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.window;

import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.WindowAggregate;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Per-instrument statistics over event-time tumbling windows, computed from the readings topic (so duplicates already
 * removed upstream cannot be counted, and a redelivered reading is removed again by its reading_id).
 */
public final class WindowAggregation {
  private WindowAggregation() {}

  /** The fields of an EnrichedReading on the readings topic that aggregation needs. */
  static final StructType READING_FIELDS =
      new StructType()
          .add("reading_id", DataTypes.StringType)
          .add("pipeline_version", DataTypes.StringType)
          .add("instrument", DataTypes.StringType)
          .add("borehole_number", DataTypes.StringType)
          .add("ts", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("unit", DataTypes.StringType)
          .add("lat", DataTypes.DoubleType)
          .add("lon", DataTypes.DoubleType);

  /**
   * Readings-topic rows (binary {@code value}) of one pipeline version as columns; the topic may hold several versions
   * during a reprocessing run. Records that are not readings of the right shape are our own bug, not input, and are
   * left out.
   */
  public static Dataset<Row> readings(Dataset<Row> kafkaRows, String pipelineVersion) {
    return kafkaRows
        .select(from_json(col("value").cast("string"), READING_FIELDS).as("r"))
        .select("r.*")
        .where(col("reading_id").isNotNull().and(col("pipeline_version").equalTo(pipelineVersion)))
        .withColumn("ts", col("ts").cast("timestamp"));
  }

  /** Redelivered readings (same reading_id within the watermark) are dropped before they can be counted twice. */
  public static Dataset<Row> deduplicate(Dataset<Row> readings, Duration watermarkDelay) {
    if (!readings.isStreaming()) {
      return readings.dropDuplicates("reading_id"); // the watermark variant is streaming-only
    }
    return readings
        .withWatermark("ts", watermarkDelay.toMillis() + " milliseconds")
        .dropDuplicatesWithinWatermark("reading_id");
  }

  /** Window statistics per instrument, as AGGREGATE output records. */
  public static Dataset<OutputRecord> aggregate(Dataset<Row> readings, Duration windowSize, String pipelineVersion) {
    String size = windowSize.toString();
    return readings
        .groupBy(
            window(col("ts"), windowSize.toMillis() + " milliseconds").as("w"),
            col("instrument"),
            col("borehole_number"))
        .agg(
            count("value").as("count"),
            min("value").as("min"),
            max("value").as("max"),
            avg("value").as("mean"),
            min_by(col("value"), col("ts")).as("first"),
            max_by(col("value"), col("ts")).as("last"),
            min("ts").as("first_ts"),
            max("ts").as("last_ts"),
            max("unit").as("unit"),
            max("lat").as("lat"),
            max("lon").as("lon"))
        .select(
            col("w.start").as("window_start"),
            col("w.end").as("window_end"),
            col("instrument"),
            col("borehole_number"),
            col("count"),
            col("min"),
            col("max"),
            col("mean"),
            col("first"),
            col("last"),
            col("first_ts"),
            col("last_ts"),
            col("unit"),
            col("lat"),
            col("lon"))
        .map(new ToAggregateRecord(size, pipelineVersion), Encoders.bean(OutputRecord.class));
  }

  /** (last − first) per hour between the first and last reading; null when they coincide. */
  static Double ratePerHour(double first, double last, Instant firstTs, Instant lastTs) {
    long millis = Duration.between(firstTs, lastTs).toMillis();
    return millis <= 0 ? null : (last - first) * 3_600_000.0 / millis;
  }

  private static final class ToAggregateRecord implements MapFunction<Row, OutputRecord> {
    private static final long serialVersionUID = 1L;
    private final String windowSize;
    private final String pipelineVersion;

    ToAggregateRecord(String windowSize, String pipelineVersion) {
      this.windowSize = windowSize;
      this.pipelineVersion = pipelineVersion;
    }

    @Override
    public OutputRecord call(Row r) throws Exception {
      String instrument = r.getAs("instrument");
      String borehole = r.getAs("borehole_number");
      Instant start = instant(r.getAs("window_start"));
      double first = r.getAs("first");
      double last = r.getAs("last");
      WindowAggregate a =
          new WindowAggregate(
              NaturalKeys.aggregateId(instrument, borehole, windowSize, start),
              pipelineVersion,
              instrument,
              borehole,
              start,
              instant(r.getAs("window_end")),
              windowSize,
              r.<Long>getAs("count"),
              r.<Double>getAs("min"),
              r.<Double>getAs("max"),
              r.<Double>getAs("mean"),
              first,
              last,
              ratePerHour(first, last, instant(r.getAs("first_ts")), instant(r.getAs("last_ts"))),
              r.getAs("unit"),
              r.getAs("lat"),
              r.getAs("lon"));
      return OutputRecord.of(
          OutputRecord.Kind.AGGREGATE, instrument + ":" + borehole, Json.MAPPER.writeValueAsString(a));
    }

    /** Rows carry java.sql.Timestamp, or Instant when the session enables the Java 8 time API. */
    private static Instant instant(Object value) {
      return value instanceof Instant i ? i : ((java.sql.Timestamp) value).toInstant();
    }
  }
}
