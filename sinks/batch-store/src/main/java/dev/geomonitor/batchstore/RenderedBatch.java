package dev.geomonitor.batchstore;

import java.util.List;

/**
 * A micro-batch as {@link CopyLine}s per table: what {@link BatchContent} holds, rendered ahead by
 * whoever built the records. Written the same way (one transaction with the ledger, upserts on the
 * natural keys).
 */
public record RenderedBatch(
    List<CopyLine> readings,
    List<CopyLine> aggregates,
    List<CopyLine> alerts,
    List<CopyLine> rejections,
    BatchCounts counts) {

  public RenderedBatch {
    readings = readings == null ? List.of() : List.copyOf(readings);
    aggregates = aggregates == null ? List.of() : List.copyOf(aggregates);
    alerts = alerts == null ? List.of() : List.copyOf(alerts);
    rejections = rejections == null ? List.of() : List.copyOf(rejections);
    if (counts == null) {
      counts = BatchCounts.unknown();
    }
  }
}
