package dev.geomonitor.batchstore;

/**
 * What the Spark job knows about a micro-batch, recorded in the batch ledger beside the rows
 * written. A count the job does not know is {@link #UNKNOWN} and is stored as NULL.
 *
 * @param rowsIn raw records read in the batch
 * @param accepted records that became readings
 * @param rejected records sent to the dead-letter topic
 * @param duplicates records dropped as duplicates of an earlier one
 * @param beyondHorizon readings published but older than their series' horizon, so counted in no
 *     window
 */
public record BatchCounts(
    long rowsIn, long accepted, long rejected, long duplicates, long beyondHorizon) {
  public static final long UNKNOWN = -1;

  public BatchCounts {
    check("rowsIn", rowsIn);
    check("accepted", accepted);
    check("rejected", rejected);
    check("duplicates", duplicates);
    if (beyondHorizon < 0) {
      throw new IllegalArgumentException(
          "batch count beyondHorizon must be >= 0; got " + beyondHorizon);
    }
  }

  /** Counts of a batch with no reading beyond its horizon. */
  public BatchCounts(long rowsIn, long accepted, long rejected, long duplicates) {
    this(rowsIn, accepted, rejected, duplicates, 0);
  }

  public static BatchCounts unknown() {
    return new BatchCounts(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);
  }

  private static void check(String name, long value) {
    if (value < UNKNOWN) {
      throw new IllegalArgumentException(
          "batch count "
              + name
              + " must be >= 0, or BatchCounts.UNKNOWN (-1) when not known; got "
              + value);
    }
  }
}
