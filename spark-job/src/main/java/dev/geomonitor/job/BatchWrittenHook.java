package dev.geomonitor.job;

/**
 * Called on the driver when every partition of a micro-batch has committed to PostgreSQL and Kafka,
 * just before foreachBatch returns and Spark records the batch in the checkpoint's commit log. A
 * fault-injection seam for tests: a hook that throws stops the query at exactly the point where a
 * crash leaves the outputs committed and the checkpoint not, deterministically; one that blocks
 * ({@link FaultPoint}) lets a test SIGKILL the JVM there. The job itself runs with {@link #NONE}.
 */
@FunctionalInterface
public interface BatchWrittenHook {
  BatchWrittenHook NONE = (queryName, batchId) -> {};

  void written(String queryName, long batchId);

  /** Called on the driver before any partition of the batch is written; nothing by default. */
  default void writing(String queryName, long batchId) {}
}
