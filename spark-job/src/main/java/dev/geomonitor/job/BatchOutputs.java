package dev.geomonitor.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.geomonitor.batchstore.BatchContent;
import dev.geomonitor.batchstore.BatchCounts;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.WindowAggregate;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One micro-batch's output records sorted by kind, with the accounting that proves nothing was lost: every raw record
 * read is an accepted reading, a rejection, or a duplicate (dropped by deduplication or, if the watermark was too short
 * for the data, by the watermark; Spark's progress log reports the latter separately).
 */
public record BatchOutputs(
    List<OutputRecord> readings,
    List<OutputRecord> alerts,
    List<OutputRecord> rejects,
    List<OutputRecord> aggregates,
    long rowsIn) {

  private static final ObjectReader READING = Json.MAPPER.readerFor(EnrichedReading.class);
  private static final ObjectReader ALERT = Json.MAPPER.readerFor(StatusAlert.class);
  private static final ObjectReader DEAD_LETTER = Json.MAPPER.readerFor(DeadLetter.class);
  private static final ObjectReader AGGREGATE = Json.MAPPER.readerFor(WindowAggregate.class);

  public static BatchOutputs sort(List<OutputRecord> records) {
    List<OutputRecord> readings = new ArrayList<>();
    List<OutputRecord> alerts = new ArrayList<>();
    List<OutputRecord> rejects = new ArrayList<>();
    List<OutputRecord> aggregates = new ArrayList<>();
    long rowsIn = 0;
    for (OutputRecord r : records) {
      switch (r.kindOf()) {
        case READING -> readings.add(r);
        case ALERT -> alerts.add(r);
        case REJECT -> rejects.add(r);
        case AGGREGATE -> aggregates.add(r);
        case TALLY -> rowsIn += r.getTally();
      }
    }
    return new BatchOutputs(readings, alerts, rejects, aggregates, rowsIn);
  }

  /** Raw records that were neither published as readings nor rejected. */
  public long duplicates() {
    return rowsIn == 0 ? 0 : rowsIn - readings.size() - rejects.size();
  }

  public int recordsOut() {
    return readings.size() + alerts.size() + rejects.size() + aggregates.size();
  }

  /** The ledger counts; unknown for a query that does not read the raw topic (aggregates). */
  public BatchCounts counts(boolean countsRawInput) {
    return countsRawInput
        ? new BatchCounts(rowsIn, readings.size(), rejects.size(), duplicates())
        : BatchCounts.unknown();
  }

  /** The batch as the batch store's one-transaction unit, the JSON read back into the domain records. */
  public BatchContent content(boolean countsRawInput) {
    return new BatchContent(
        parse(readings, READING), parse(aggregates, AGGREGATE), parse(alerts, ALERT), parse(rejects, DEAD_LETTER),
        counts(countsRawInput));
  }

  private static <T> List<T> parse(List<OutputRecord> records, ObjectReader reader) {
    List<T> out = new ArrayList<>(records.size());
    for (OutputRecord r : records) {
      try {
        out.add(reader.readValue(r.getJson()));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException("the job wrote a " + r.getKind() + " it cannot read back: " + r.getJson(), e);
      }
    }
    return out;
  }
}
