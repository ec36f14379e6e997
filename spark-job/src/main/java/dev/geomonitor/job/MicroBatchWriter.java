package dev.geomonitor.job;

import java.util.List;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The foreachBatch body of a query: it only coordinates. One Spark action runs {@link
 * PartitionWriter} on every output partition, on the executor that computed it: the partition's
 * records go to the output topics and its rows to PostgreSQL in ONE transaction with its ledger row
 * (query, batch, partition). What comes back to the driver is one {@link PartitionResult} per
 * partition (counts and timings), never a record: the batch size is bounded by the executors, not
 * by the driver's heap.
 *
 * <p>A batch Spark replays after a failure rebuilds the same partitions (see {@link
 * PartitionWriter}): the partitions committed before are skipped (neither sink is written again),
 * the others are written once. The batch's accounting (rows in = accepted + rejected + duplicates)
 * is exact: every partition's counts are committed with its rows, and the ledger view {@code
 * batch_ledger} sums them per batch.
 */
public final class MicroBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MicroBatchWriter.class);

  /** Set by Spark on the thread that runs a streaming query's batches (and so foreachBatch). */
  static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  private final String queryName;
  private final OutputSinks sinks;
  private final transient BatchProgress progress;
  private final transient BatchWrittenHook hook;
  private final transient LevelsReload levels;

  /** Halts the partitions of one batch on the executors (crash tests); null otherwise. */
  private final FaultPoint partitionFault;

  /**
   * {@code sinks} is null in NOOP mode: every partition is computed and counted, nothing is
   * written.
   */
  MicroBatchWriter(String queryName, OutputSinks sinks, BatchProgress progress) {
    this(queryName, sinks, progress, BatchWrittenHook.NONE, null);
  }

  MicroBatchWriter(
      String queryName,
      OutputSinks sinks,
      BatchProgress progress,
      BatchWrittenHook hook,
      LevelsReload levels) {
    this.queryName = queryName;
    this.sinks = sinks;
    this.progress = progress;
    this.hook = hook;
    this.levels = levels;
    this.partitionFault = hook instanceof FaultPoint f ? f : null;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    if (levels != null) {
      // Before anything runs: the tasks of this batch carry the review levels current now.
      levels.beforeBatch(batchId);
    }
    long started = System.nanoTime();
    if (hook != null) {
      hook.writing(queryName, batchId);
    }
    // No repartition/coalesce here: the writer must see the stateful operator's own partitions (see
    // PartitionWriter).
    List<PartitionResult> partitions =
        batch
            .as(Encoders.bean(OutputRecord.class))
            .mapPartitions(
                new PartitionWriter(sinks, ledgerName(batch), batchId, partitionFault),
                Encoders.bean(PartitionResult.class))
            .collectAsList();
    long rowsIn = 0;
    long readings = 0;
    long alerts = 0;
    long rejected = 0;
    long aggregates = 0;
    long beyondHorizon = 0;
    long newestFetched = Long.MIN_VALUE;
    int written = 0;
    int skipped = 0;
    long maxCompute = 0;
    long maxPostgres = 0;
    long maxKafkaWait = 0;
    long sumCompute = 0;
    long sumPostgres = 0;
    for (PartitionResult p : partitions) {
      rowsIn += p.getRowsIn();
      readings += p.getReadings();
      alerts += p.getAlerts();
      rejected += p.getRejected();
      aggregates += p.getAggregates();
      beyondHorizon += p.getBeyondHorizon();
      newestFetched = Math.max(newestFetched, p.getNewestFetchedAtMillis());
      written += p.isWritten() ? 1 : 0;
      skipped += p.isSkipped() ? 1 : 0;
      maxCompute = Math.max(maxCompute, p.getComputeMs());
      maxPostgres = Math.max(maxPostgres, p.getPostgresMs());
      maxKafkaWait = Math.max(maxKafkaWait, p.getKafkaWaitMs());
      sumCompute += p.getComputeMs();
      sumPostgres += p.getPostgresMs();
    }
    long totalMs = (System.nanoTime() - started) / 1_000_000;
    // Where a batch's time goes, per partition task: computing it (decode, shuffle read, state,
    // render; Kafka sends
    // overlap it), its PostgreSQL transaction, and the Kafka acknowledgements still outstanding
    // before the commit.
    LOG.info(
        "{} batch {} phases: totalMs={} partitions={} written={} skipped={} computeMs(max/sum)={}/{}"
            + " postgresMs(max/sum)={}/{} kafkaWaitMs(max)={} records={}",
        queryName,
        batchId,
        totalMs,
        partitions.size(),
        written,
        skipped,
        maxCompute,
        sumCompute,
        maxPostgres,
        sumPostgres,
        maxKafkaWait,
        readings + alerts + rejected + aggregates);
    if (skipped > 0) {
      LOG.info(
          "{} batch {}: {} partition(s) committed before (replay) left unchanged",
          queryName,
          batchId,
          skipped);
    }
    long duplicates = rowsIn == 0 ? 0 : rowsIn - readings - rejected;
    // Latency as a reader sees it: from the producer's fetch to being on Kafka and committed in
    // PostgreSQL.
    long newestAge =
        sinks == null || newestFetched == Long.MIN_VALUE
            ? -1
            : System.currentTimeMillis() - newestFetched;
    progress.record(
        queryName,
        batchId,
        new BatchProgress.Written(
            rowsIn,
            readings,
            alerts,
            rejected,
            duplicates,
            aggregates,
            beyondHorizon,
            totalMs,
            newestAge));
    if (hook != null) {
      hook.written(queryName, batchId);
    }
  }

  /**
   * The ledger key of this query's batches: its name plus the id Spark keeps in the checkpoint.
   * Batch ids restart at 0 with a new checkpoint; without the id, a job started on a fresh
   * checkpoint would find its batches "already committed" and silently write nothing.
   */
  private String ledgerName(Dataset<Row> batch) {
    String id = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    return id == null ? queryName : queryName + "/" + id;
  }
}
