package dev.geomonitor.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.DecodeResult;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.LatLon;
import dev.geomonitor.domain.MgaProjection;
import dev.geomonitor.domain.Reading;
import dev.geomonitor.domain.ReadingDecoder;
import dev.geomonitor.domain.SiteGrid;
import dev.geomonitor.domain.ValidationPolicy;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Validation of raw-topic records with the domain {@link ReadingDecoder} (the one definition of a valid reading), as two
 * transforms of the same Kafka rows ({@code key, value, topic, partition, offset} columns): the accepted readings, and
 * the rejections plus a per-partition tally of rows read.
 */
public final class RawDecoding {
  private RawDecoding() {}

  /** Readings the validator accepts, with lat/lon. */
  public static Dataset<ReadingRow> accepted(Dataset<Row> kafkaRows, ValidationPolicy policy) {
    return kafkaRows
        .select("key", "value", "topic", "partition", "offset")
        .mapPartitions(new AcceptedReadings(PolicySpec.of(policy)), Encoders.bean(ReadingRow.class));
  }

  /** Dead letters for every rejected record, and one TALLY row per non-empty partition counting the rows it read. */
  public static Dataset<OutputRecord> rejectedAndTallied(Dataset<Row> kafkaRows, ValidationPolicy policy) {
    return kafkaRows
        .select("key", "value", "topic", "partition", "offset")
        .mapPartitions(new RejectsAndTally(PolicySpec.of(policy)), Encoders.bean(OutputRecord.class));
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

  /** Domain records are not Serializable; Spark ships this to executors and rebuilds the policy there. */
  record PolicySpec(
      long futureToleranceMs, long maxLatenessMs, double minN, double maxN, double minE, double maxE)
      implements Serializable {
    static PolicySpec of(ValidationPolicy p) {
      SiteGrid g = p.grid();
      return new PolicySpec(
          p.futureTolerance().toMillis(), p.maxLateness().toMillis(), g.minNorthing(), g.maxNorthing(),
          g.minEasting(), g.maxEasting());
    }

    ReadingDecoder decoder() {
      return new ReadingDecoder(
          new ValidationPolicy(
              Duration.ofMillis(futureToleranceMs),
              Duration.ofMillis(maxLatenessMs),
              new SiteGrid(minN, maxN, minE, maxE)));
    }
  }

  private static final class AcceptedReadings implements MapPartitionsFunction<Row, ReadingRow> {
    private static final long serialVersionUID = 1L;
    private final PolicySpec policy;

    AcceptedReadings(PolicySpec policy) {
      this.policy = policy;
    }

    @Override
    public Iterator<ReadingRow> call(Iterator<Row> rows) {
      ReadingDecoder decoder = policy.decoder();
      MgaProjection projection = new MgaProjection(); // not thread-safe: one per partition
      List<ReadingRow> out = new ArrayList<>();
      while (rows.hasNext()) {
        DecodeResult result = decoder.decode(rows.next().<byte[]>getAs("value"));
        if (result.isAccepted()) {
          out.add(toRow(result.reading(), projection));
        }
      }
      return out.iterator();
    }
  }

  private static final class RejectsAndTally implements MapPartitionsFunction<Row, OutputRecord> {
    private static final long serialVersionUID = 1L;
    private final PolicySpec policy;

    RejectsAndTally(PolicySpec policy) {
      this.policy = policy;
    }

    @Override
    public Iterator<OutputRecord> call(Iterator<Row> rows) throws JsonProcessingException {
      ReadingDecoder decoder = policy.decoder();
      List<OutputRecord> out = new ArrayList<>();
      long read = 0;
      while (rows.hasNext()) {
        Row row = rows.next();
        read++;
        byte[] value = row.getAs("value");
        DecodeResult result = decoder.decode(value);
        if (!result.isAccepted()) {
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
          out.add(
              OutputRecord.of(OutputRecord.Kind.REJECT, key, Json.MAPPER.writeValueAsString(letter)));
        }
      }
      if (read > 0) {
        out.add(OutputRecord.tally(read));
      }
      return out.iterator();
    }
  }
}
