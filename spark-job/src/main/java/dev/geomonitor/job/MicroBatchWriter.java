package dev.geomonitor.job;

import dev.geomonitor.batchstore.RenderedBatch;
import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreException;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The foreachBatch body of a query. It collects the micro-batch to the driver (bounded by maxOffsetsPerTrigger), sends
 * its records to the output topics, writes it to PostgreSQL in ONE transaction with the (query, batch_id) ledger while
 * Kafka acknowledges, and returns only once every record is acknowledged and the transaction committed. A batch Spark
 * replays after a failure is re-sent to Kafka (downstream readers dedupe by natural key) and changes nothing in
 * PostgreSQL.
 *
 * <p>Runs on the driver only: Spark calls foreachBatch there, so the producer and store are plain fields.
 */
public final class MicroBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MicroBatchWriter.class);
  private static final int ATTEMPTS = 3;
  /** Set by Spark on the thread that runs a streaming query's batches (and so foreachBatch). */
  static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  private final String queryName;
  private final Topics topics;
  private final PipelineVersion version;
  private final transient Producer<byte[], byte[]> producer;
  private final transient BatchStore store;
  private final transient BatchProgress progress;

  /** {@code producer} and {@code store} are null in NOOP mode: the batch is computed and collected, then dropped. */
  public MicroBatchWriter(
      String queryName,
      Topics topics,
      PipelineVersion version,
      Producer<byte[], byte[]> producer,
      BatchStore store,
      BatchProgress progress) {
    this.queryName = queryName;
    this.topics = topics;
    this.version = version;
    this.producer = producer;
    this.store = store;
    this.progress = progress;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) throws Exception {
    long started = System.nanoTime();
    List<OutputRecord> records = batch.as(Encoders.bean(OutputRecord.class)).collectAsList();
    BatchOutputs outputs = BatchOutputs.sort(records);
    long collected = System.nanoTime();
    long newestAge = -1;
    if (producer != null) {
      // The sends are asynchronous: PostgreSQL is written while Kafka acknowledges, and the batch completes only when
      // both are done. Either failing fails the batch; Spark replays it, the ledger skips PostgreSQL, Kafka is re-sent.
      List<Future<RecordMetadata>> sent = send(outputs);
      long sentAt = System.nanoTime();
      RenderedBatch content = outputs.rendered();
      long decoded = System.nanoTime();
      boolean committed = writeWithRetry(ledgerName(batch), batchId, content);
      long written = System.nanoTime();
      awaitAcks(sent);
      // Where a batch's time goes (Spark compute + collect, handing records to the producer (blocks while its buffer is
      // full), PostgreSQL transaction, Kafka acknowledgements still outstanding after it): the figures the performance
      // work is judged by.
      LOG.info("{} batch {} phases: sparkAndCollectMs={} kafkaSendMs={} renderMs={} postgresMs={} kafkaWaitMs={}"
              + " records={}",
          queryName, batchId, (collected - started) / 1_000_000, (sentAt - collected) / 1_000_000,
          (decoded - sentAt) / 1_000_000, (written - decoded) / 1_000_000,
          (System.nanoTime() - written) / 1_000_000, records.size());
      if (!committed) {
        LOG.info("{} batch {} was committed to PostgreSQL before (replay): tables left unchanged", queryName, batchId);
      }
      // Latency as a reader sees it: from the producer's fetch to being on Kafka and committed in PostgreSQL.
      newestAge = outputs.newestFetchedAgeMillis(System.currentTimeMillis());
    }
    progress.record(
        queryName,
        batchId,
        new BatchProgress.Written(
            outputs.rowsIn(), outputs.readings().size(), outputs.alerts().size(), outputs.rejects().size(),
            outputs.duplicates(), outputs.aggregates().size(), (System.nanoTime() - started) / 1_000_000,
            newestAge));
  }

  private List<Future<RecordMetadata>> send(BatchOutputs outputs) {
    List<Future<RecordMetadata>> sent = new ArrayList<>(outputs.recordsOut());
    send(topics.dlq(), outputs.rejects(), sent);
    send(topics.readings(), outputs.readings(), sent);
    send(topics.alerts(), outputs.alerts(), sent);
    send(topics.aggregates(), outputs.aggregates(), sent);
    return sent;
  }

  private void awaitAcks(List<Future<RecordMetadata>> sent) throws InterruptedException {
    producer.flush();
    for (Future<RecordMetadata> f : sent) {
      try {
        f.get();
      } catch (ExecutionException e) {
        // The producer already retried within its delivery timeout: fail the batch, Spark restarts it from the log.
        throw new IllegalStateException(
            queryName + ": Kafka did not acknowledge an output record; the micro-batch fails and is replayed",
            e.getCause());
      }
    }
  }

  private void send(String topic, List<OutputRecord> records, List<Future<RecordMetadata>> sent) {
    for (OutputRecord r : records) {
      byte[] key = r.getKey() == null ? null : r.getKey().getBytes(StandardCharsets.UTF_8);
      sent.add(producer.send(new ProducerRecord<>(topic, key, r.getJson().getBytes(StandardCharsets.UTF_8))));
    }
  }

  /**
   * The ledger key of this query's batches: its name plus the id Spark keeps in the checkpoint. Batch ids restart at 0
   * with a new checkpoint; without the id, a job started on a fresh checkpoint would find its batches "already
   * committed" and silently write nothing.
   */
  private String ledgerName(Dataset<Row> batch) {
    String id = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    return id == null ? queryName : queryName + "/" + id;
  }

  /** The ledger makes a retry safe: a transaction that did commit before the error is reported as a replay. */
  private boolean writeWithRetry(String ledgerName, long batchId, RenderedBatch content) throws InterruptedException {
    BatchStoreException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return store.writeBatch(version, ledgerName, batchId, content);
      } catch (BatchStoreException e) {
        if (!e.isTransient()) {
          throw e;
        }
        last = e;
        LOG.warn("{} batch {}: PostgreSQL write attempt {} of {} failed: {}", queryName, batchId, attempt, ATTEMPTS,
            e.toString());
        Thread.sleep(500L * attempt);
      }
    }
    throw new IllegalStateException(
        queryName + " batch " + batchId + ": PostgreSQL write failed " + ATTEMPTS + " times; check JDBC_URL and the"
            + " database, then restart the job (it resumes from its checkpoint)",
        last);
  }
}
