package dev.geomonitor.batchstore;

import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.WindowAggregate;
import java.io.Serializable;

/**
 * One output record already rendered as a line of its table's COPY text, with its natural key.
 * Built where the record is made (the Spark job's executors), so the writer on the driver copies
 * text instead of parsing every record's JSON back into a domain object first: on the bench that
 * read-back was a fifth of a micro-batch's time.
 *
 * @param key the record's natural key values, rendered and joined; within a batch the last line of
 *     a key wins
 * @param line the row in COPY text format, with its trailing newline
 */
public record CopyLine(String key, String line) implements Serializable {
  public static CopyLine of(EnrichedReading r) {
    return OutputTables.READINGS.copyLine(r);
  }

  public static CopyLine of(WindowAggregate a) {
    return OutputTables.AGGREGATES.copyLine(a);
  }

  public static CopyLine of(StatusAlert a) {
    return OutputTables.ALERTS.copyLine(a);
  }

  /**
   * @throws IllegalArgumentException for a dead letter without Kafka source coordinates (it cannot
   *     be stored)
   */
  public static CopyLine of(DeadLetter d) {
    return OutputTables.REJECTIONS.copyLine(d);
  }
}
