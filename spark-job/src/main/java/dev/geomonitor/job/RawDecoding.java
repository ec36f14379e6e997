package dev.geomonitor.job;

import dev.geomonitor.batchstore.CopyLine;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.DecodeResult;
import dev.geomonitor.domain.LatLon;
import dev.geomonitor.domain.MgaProjection;
import dev.geomonitor.domain.Reading;
import dev.geomonitor.domain.ReadingDecoder;
import dev.geomonitor.domain.ValidationPolicy;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Validation of raw-topic records with the domain {@link ReadingDecoder} (the one definition of a
 * valid reading). Each Kafka row ({@code key, value, topic, partition, offset} columns) is decoded
 * exactly once into a {@link DecodedRow}: an accepted reading, or a dead letter; each non-empty
 * partition adds one TALLY row counting the rows it read.
 */
public final class RawDecoding {
  private RawDecoding() {}

  /**
   * Accepted readings (with lat/lon), dead letters for every rejected record, and one tally per
   * partition.
   */
  public static Dataset<DecodedRow> decode(Dataset<Row> kafkaRows, ValidationPolicy policy) {
    return kafkaRows
        .select("key", "value", "topic", "partition", "offset")
        .mapPartitions(new DecodeOnce(PolicySpec.of(policy)), Encoders.bean(DecodedRow.class));
  }

  /** Converts a validated domain reading into a Spark row. */
  public static ReadingRow toRow(Reading r, MgaProjection projection) {
    LatLon ll = projection.toLatLon(r.easting(), r.northing());
    ReadingRow row = new ReadingRow();
    row.setReadingId(r.readingId());
    row.setInstrument(r.instrument().wireName());
    row.setBoreholeNumber(r.boreholeNumber());
    row.setAxis(r.axis());
    row.setTs(r.timestamp());
    row.setValue(r.value());
    row.setUnit(r.instrument().unit());
    row.setQuantity(r.instrument().quantity());
    row.setSurfaceLevel(r.surfaceLevel());
    row.setNorthing(r.northing());
    row.setEasting(r.easting());
    row.setLat(ll.lat());
    row.setLon(ll.lon());
    row.setApiVersion(r.apiVersion().wireName());
    row.setFetchedAt(r.fetchedAt());
    return row;
  }

  /**
   * Domain records are not Serializable; Spark ships the settings to executors and rebuilds the
   * policy there.
   */
  record PolicySpec(HashMap<String, String> settings) implements Serializable {
    static PolicySpec of(ValidationPolicy p) {
      return new PolicySpec(new HashMap<>(p.toSettings()));
    }

    ValidationPolicy policy() {
      return ValidationPolicy.fromSettings(settings);
    }
  }

  private static final class DecodeOnce implements MapPartitionsFunction<Row, DecodedRow> {
    private static final long serialVersionUID = 1L;
    private final PolicySpec policy;

    DecodeOnce(PolicySpec policy) {
      this.policy = policy;
    }

    /**
     * Lazy: one decoded row per raw row as Spark pulls them, then the tally; nothing is held per
     * partition.
     */
    @Override
    public Iterator<DecodedRow> call(Iterator<Row> rows) {
      ValidationPolicy site = policy.policy();
      ReadingDecoder decoder = new ReadingDecoder(site);
      // Not thread-safe: this task's thread's own (made once per executor thread, not per task).
      MgaProjection projection = MgaProjection.forThread(site.crs());
      return new Iterator<>() {
        // Dead letters and the tally travel in their raw Kafka partition's group, not the Spark
        // task's: the group (and
        // so the output partition the batch writer ledgers them in) must be the same when Spark
        // replays the batch.
        private int sourcePartition = TaskContext.getPartitionId();
        private long read;
        private boolean tallied;

        @Override
        public boolean hasNext() {
          return rows.hasNext() || (read > 0 && !tallied);
        }

        @Override
        public DecodedRow next() {
          if (!rows.hasNext()) {
            if (read == 0 || tallied) {
              throw new NoSuchElementException();
            }
            tallied = true;
            return DecodedRow.passThrough(OutputRecord.tally(read), sourcePartition);
          }
          Row row = rows.next();
          if (read++ == 0) {
            sourcePartition = row.<Integer>getAs("partition");
          }
          byte[] value = row.getAs("value");
          DecodeResult result = decoder.decode(value);
          if (result.isAccepted()) {
            ReadingRow reading = toRow(result.reading(), projection);
            reading.setTopic(row.getAs("topic"));
            reading.setPartition(row.<Integer>getAs("partition"));
            reading.setOffset(row.<Long>getAs("offset"));
            return DecodedRow.reading(reading);
          }
          byte[] keyBytes = row.getAs("key");
          String key = keyBytes == null ? null : new String(keyBytes, StandardCharsets.UTF_8);
          DeadLetter letter =
              DeadLetter.fromKafka(
                  DeadLetter.STAGE_SPARK,
                  result.rejections(),
                  row.getAs("topic"),
                  row.<Integer>getAs("partition"),
                  row.<Long>getAs("offset"),
                  key,
                  value,
                  Instant.now());
          return DecodedRow.passThrough(
              OutputRecord.of(
                  OutputRecord.Kind.REJECT,
                  key,
                  new String(letter.toJsonBytes(), StandardCharsets.UTF_8),
                  CopyLine.of(letter)),
              sourcePartition);
        }
      };
    }
  }
}
