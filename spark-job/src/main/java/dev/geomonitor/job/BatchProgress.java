package dev.geomonitor.job;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands what the batch writer counted to the progress listener, which logs it together with Spark's
 * own figures as one line per micro-batch.
 */
public final class BatchProgress {
  /** What the writer saw and how long writing took. */
  public record Written(
      long rowsIn,
      long readings,
      long alerts,
      long rejected,
      long duplicates,
      long aggregates,
      long beyondHorizon,
      long writeMillis,
      long newestFetchedAgeMillis) {}

  private final Map<String, Written> byBatch = new ConcurrentHashMap<>();

  public void record(String queryName, long batchId, Written written) {
    byBatch.put(queryName + "#" + batchId, written);
  }

  /**
   * Removes and returns the writer's figures for a batch, or null when the writer did not run (an
   * empty batch).
   */
  public Written take(String queryName, long batchId) {
    return byBatch.remove(queryName + "#" + batchId);
  }
}
