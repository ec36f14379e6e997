package dev.geomonitor.searchsink;

/** Running totals of a sink since it started. */
public record SinkTotals(
    long records,
    long indexed,
    long deadLettered,
    long unindexableDeadLetters,
    long retries,
    long batches) {
  public static final SinkTotals ZERO = new SinkTotals(0, 0, 0, 0, 0, 0);

  public SinkTotals plus(BatchResult batch) {
    return new SinkTotals(
        records + batch.records(),
        indexed + batch.indexed(),
        deadLettered + batch.deadLettered(),
        unindexableDeadLetters + batch.unindexableDeadLetters(),
        retries + batch.retries(),
        batches + 1);
  }
}
