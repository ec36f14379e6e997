package dev.geomonitor.job;

import dev.geomonitor.batchstore.BatchCounts;
import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreException;
import dev.geomonitor.batchstore.CopyLine;
import dev.geomonitor.batchstore.PartitionWrite;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one output partition of a micro-batch, on the executor that computed it: its records to
 * the output topics and its rows to PostgreSQL in ONE transaction with its ledger row (query,
 * batch, partition), then returns one {@link PartitionResult}. Nothing per record leaves the
 * executor.
 *
 * <p>Order of effects: the partition's ledger row is claimed first (a replayed partition found
 * there is skipped before anything is sent); records are COPYed to PostgreSQL in chunks as the
 * stateful operator yields them and handed to the producer as their chunk is written ({@link
 * PublishOnWrite}: a row PostgreSQL refuses for its content is dead-lettered instead, and the
 * partition goes on) (both sinks work while Spark computes, and memory stays bounded by a chunk
 * whatever the batch size); at the end the transaction waits for every Kafka acknowledgement and
 * only then commits. So a committed ledger row means the partition is on Kafka and in PostgreSQL; a
 * replayed partition found in the ledger is skipped before anything is sent. A partition that
 * failed anywhere before its commit is written again in full on replay (Kafka at least once,
 * readers dedupe by natural key; PostgreSQL exactly once).
 *
 * <p>Why a replay rebuilds the same partitions: this runs on the partitions of the stateful
 * operator's output with no shuffle in between (no repartition or coalesce may be added between the
 * operator and this writer). Each instrument group sits in partition hash(key) mod N, N the shuffle
 * partitions frozen in the checkpoint at its first start; rejections and tallies sit in their raw
 * Kafka partition's group. The batch's offsets come from the offset log and the state from the
 * previous batch's state version, so the same partition gets the same records. Spark turns adaptive
 * execution off for streaming queries, so nothing coalesces the partitions either.
 */
final class PartitionWriter implements MapPartitionsFunction<OutputRecord, PartitionResult> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PartitionWriter.class);
  private static final int ATTEMPTS = 3;

  private final OutputSinks sinks;
  private final String ledgerName;
  private final long batchId;
  private final FaultPoint fault;

  /** {@code sinks} null: compute and count, write nothing (the benchmark's noop sink). */
  PartitionWriter(OutputSinks sinks, String ledgerName, long batchId) {
    this(sinks, ledgerName, batchId, null);
  }

  /** {@code fault}: a crash test's halt point (see {@link FaultPoint}); null in production. */
  PartitionWriter(OutputSinks sinks, String ledgerName, long batchId, FaultPoint fault) {
    this.sinks = sinks;
    this.ledgerName = ledgerName;
    this.batchId = batchId;
    this.fault = fault;
  }

  @Override
  public Iterator<PartitionResult> call(Iterator<OutputRecord> records) throws Exception {
    long started = System.nanoTime();
    PartitionResult result = new PartitionResult(TaskContext.getPartitionId());
    if (sinks == null) {
      records.forEachRemaining(result::count);
      result.setComputeMs(millisSince(started));
      return List.of(result).iterator();
    }
    Optional<PartitionWrite> opened =
        open(ExecutorClients.store(sinks.store()), result.getPartition());
    if (opened.isEmpty()) {
      // Consumed all the same: the stateful operator commits its state once its output is read to
      // the end.
      records.forEachRemaining(result::count);
      result.setSkipped(true);
      result.setComputeMs(millisSince(started));
      LOG.info(
          "{} batch {} partition {} was committed before (replay): skipped",
          ledgerName,
          batchId,
          result.getPartition());
      return List.of(result).iterator();
    }
    try (PartitionWrite write = opened.get()) {
      Producer<byte[], byte[]> producer = ExecutorClients.producer(sinks.producer());
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      // Records are published as their rows are written, so a row PostgreSQL refuses is
      // dead-lettered, not published
      PublishOnWrite publisher = new PublishOnWrite(sinks, producer, sent, result);
      write.reportingTo(publisher);
      while (records.hasNext()) {
        OutputRecord r = records.next();
        result.count(r);
        OutputRecord.Kind kind = r.kindOf();
        if (kind == OutputRecord.Kind.TALLY) {
          continue;
        }
        CopyLine line = r.copyLineOf();
        if (line == null) {
          throw new IllegalStateException(
              "the job built a " + kind + " without its PostgreSQL row: " + r.getJson());
        }
        publisher.await(line, r);
        switch (kind) {
          case READING -> write.reading(line);
          case ALERT -> write.alert(line);
          case REJECT -> write.rejection(line);
          default -> write.aggregate(line);
        }
      }
      // Rows still buffered are written now, so the counts below already know every row PostgreSQL
      // refused.
      write.writeBuffered();
      long computed = System.nanoTime();
      long chunkMillis = write.writeMillis();
      result.setComputeMs((computed - started) / 1_000_000 - chunkMillis);
      if (result.isEmpty()) {
        return List.of(result).iterator(); // nothing to ledger: the transaction is rolled back
      }
      // Duplicates are known per batch only (a partition's tally and the readings it became may sit
      // apart): the
      // ledger view derives them from the partitions' sums.
      BatchCounts counts =
          new BatchCounts(
              result.getRowsIn(),
              result.getReadings(),
              result.getRejected(),
              BatchCounts.UNKNOWN,
              result.getBeyondHorizon());
      long[] ackWait = new long[1];
      write.commit(
          counts,
          () -> {
            long waitFrom = System.nanoTime();
            awaitAcks(sent);
            ackWait[0] = millisSince(waitFrom);
            if (fault != null) {
              fault.reached(FaultPoint.Stage.KAFKA_ACKED, batchId);
            }
          });
      result.setWritten(true);
      result.setKafkaWaitMs(ackWait[0]);
      result.setPostgresMs(write.writeMillis() - ackWait[0]);
    }
    return List.of(result).iterator();
  }

  private void awaitAcks(List<Future<RecordMetadata>> sent) throws InterruptedException {
    for (Future<RecordMetadata> f : sent) {
      try {
        f.get();
      } catch (ExecutionException e) {
        // The producer already retried within its delivery timeout: fail the partition (and the
        // batch); the
        // transaction rolls back and the replay sends and writes it again.
        throw new IllegalStateException(
            ledgerName
                + " batch "
                + batchId
                + ": Kafka did not acknowledge an output record; the micro-batch fails"
                + " and is replayed",
            e.getCause());
      }
    }
  }

  /**
   * Claims the partition in the ledger, retrying transient connection failures; once rows flow, a
   * failure fails the task (its transaction rolls back) and Spark runs the partition again.
   */
  private Optional<PartitionWrite> open(BatchStore store, int partition)
      throws InterruptedException {
    BatchStoreException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return store.openPartition(sinks.version(), ledgerName, batchId, partition);
      } catch (BatchStoreException e) {
        if (!e.isTransient()) {
          throw e;
        }
        last = e;
        LOG.warn(
            "{} batch {} partition {}: PostgreSQL attempt {} of {} failed: {}",
            ledgerName,
            batchId,
            partition,
            attempt,
            ATTEMPTS,
            e.toString());
        Thread.sleep(500L * attempt);
      }
    }
    throw new IllegalStateException(
        ledgerName
            + " batch "
            + batchId
            + " partition "
            + partition
            + ": PostgreSQL unreachable "
            + ATTEMPTS
            + " times; check JDBC_URL and the database, then restart the job (it resumes from its checkpoint)",
        last);
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
