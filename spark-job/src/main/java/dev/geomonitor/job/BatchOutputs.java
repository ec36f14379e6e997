package dev.geomonitor.job;

import dev.geomonitor.batchstore.BatchCounts;
import dev.geomonitor.batchstore.CopyLine;
import dev.geomonitor.batchstore.RenderedBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * One micro-batch's output records sorted by kind, with the accounting that proves nothing was
 * lost: every raw record read is an accepted reading, a rejection, or a duplicate (a repeat of a
 * reading the instrument already had).
 */
public record BatchOutputs(
    List<OutputRecord> readings,
    List<OutputRecord> alerts,
    List<OutputRecord> rejects,
    List<OutputRecord> aggregates,
    long rowsIn,
    long beyondHorizon) {

  public static BatchOutputs sort(List<OutputRecord> records) {
    List<OutputRecord> readings = new ArrayList<>();
    List<OutputRecord> alerts = new ArrayList<>();
    List<OutputRecord> rejects = new ArrayList<>();
    List<OutputRecord> aggregates = new ArrayList<>();
    long rowsIn = 0;
    long beyondHorizon = 0;
    for (OutputRecord r : records) {
      switch (r.kindOf()) {
        case READING -> readings.add(r);
        case ALERT -> alerts.add(r);
        case REJECT -> rejects.add(r);
        case AGGREGATE -> aggregates.add(r);
        case TALLY -> {
          rowsIn += r.getTally();
          beyondHorizon += r.getBeyondHorizon();
        }
      }
    }
    return new BatchOutputs(readings, alerts, rejects, aggregates, rowsIn, beyondHorizon);
  }

  /** Raw records that were neither published as readings nor rejected. */
  public long duplicates() {
    return rowsIn == 0 ? 0 : rowsIn - readings.size() - rejects.size();
  }

  public int recordsOut() {
    return readings.size() + alerts.size() + rejects.size() + aggregates.size();
  }

  /** The ledger counts. */
  public BatchCounts counts() {
    return new BatchCounts(rowsIn, readings.size(), rejects.size(), duplicates(), beyondHorizon);
  }

  /**
   * The batch as the batch store's one-transaction unit, from the COPY lines the executors
   * rendered.
   */
  public RenderedBatch rendered() {
    return new RenderedBatch(
        lines(readings), lines(aggregates), lines(alerts), lines(rejects), counts());
  }

  /** Milliseconds from the newest reading's fetch to {@code nowMillis}, or -1 without readings. */
  public long newestFetchedAgeMillis(long nowMillis) {
    long newest = Long.MIN_VALUE;
    for (OutputRecord r : readings) {
      newest = Math.max(newest, r.getFetchedAtMillis());
    }
    return newest == Long.MIN_VALUE ? -1 : nowMillis - newest;
  }

  private static List<CopyLine> lines(List<OutputRecord> records) {
    List<CopyLine> out = new ArrayList<>(records.size());
    for (OutputRecord r : records) {
      CopyLine line = r.copyLineOf();
      if (line == null) {
        throw new IllegalStateException(
            "the job built a " + r.getKind() + " without its PostgreSQL row: " + r.getJson());
      }
      out.add(line);
    }
    return out;
  }
}
