package dev.geomonitor.job;

import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.ValidationPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming job: two kinds of query, each with its own checkpoint and ledger name.
 *
 * <ol>
 *   <li>{@code readings-vN}: raw topic → validate (domain ReadingDecoder) → rejections to the DLQ; accepted readings →
 *       dedupe on (instrument, borehole_number, ts) within the watermark → per-instrument state (baseline, previous
 *       reading, trigger status) → readings + status alerts. One foreachBatch writes the DLQ, readings and alerts topics
 *       and PostgreSQL (readings, alerts, rejections, one transaction).
 *   <li>{@code aggregates-PT1M-vN} (one per window size): readings topic → dedupe by reading_id → event-time tumbling
 *       window statistics in update mode → aggregates topic and PostgreSQL upserts (a re-emitted window overwrites).
 * </ol>
 *
 * Aggregating from the readings topic, not inside query 1, is what keeps duplicates out of the statistics: Spark allows
 * only one sink per query and no aggregation after flatMapGroupsWithState.
 */
public final class StreamingJob implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingJob.class);
  static final String ROCKSDB_PROVIDER =
      "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";

  private final SparkSession spark;
  private final StreamingQuery readingsQuery;
  private final List<StreamingQuery> aggregateQueries;
  private final ProgressLog listener;
  private final Producer<byte[], byte[]> producer;

  private StreamingJob(
      SparkSession spark,
      StreamingQuery readingsQuery,
      List<StreamingQuery> aggregateQueries,
      ProgressLog listener,
      Producer<byte[], byte[]> producer) {
    this.spark = spark;
    this.readingsQuery = readingsQuery;
    this.aggregateQueries = aggregateQueries;
    this.listener = listener;
    this.producer = producer;
  }

  /** Entry point of spark-submit and EMR Serverless. Settings: see {@link JobConfig#fromSettings}. */
  public static void main(String[] args) throws Exception {
    JobConfig config =
        DatabaseSecret.resolve(JobConfig.fromArgsAndEnv(args, System.getenv()), SecretsManagerSource::new);
    SparkSession spark = SparkSession.builder().appName("geomonitor-" + config.pipelineVersion()).getOrCreate();
    StreamingJob job = start(spark, config);
    Runtime.getRuntime().addShutdownHook(new Thread(job::stopQuietly, "stop-streaming-job"));
    try {
      spark.streams().awaitAnyTermination();
    } finally {
      job.stop();
    }
  }

  /** Starts every query of the job on {@code spark} and returns at once; they run until {@link #stop()}. */
  public static StreamingJob start(SparkSession spark, JobConfig config) {
    LOG.info("starting with {}", config);
    configure(spark, config);
    KafkaSettings kafka = KafkaSettings.of(config);
    requireTopics(kafka, config);
    TriggerLevelCatalog catalog =
        TriggerLevelsSource.load(config.triggerLevelsFile(), spark);
    Broadcast<TriggerLevelCatalog> levels =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(catalog);

    BatchStore store = null;
    Producer<byte[], byte[]> producer = null;
    if (config.sinkMode() == JobConfig.SinkMode.REAL) {
      store = new BatchStore(
              new BatchStoreConfig(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword())
                  .withApplicationName("geomonitor-spark-job"));
      store.migrate(config.pipelineVersion());
      store.syncTriggerLevels(catalog);
      producer = new KafkaProducer<>(kafka.producer());
    }

    String version = config.pipelineVersion().label();
    String readingsName = "readings-" + version;
    Set<String> names = new LinkedHashSet<>();
    names.add(readingsName);
    config.windowSizes().forEach(w -> names.add(aggregatesName(w, version)));
    BatchProgress progress = new BatchProgress();
    ProgressLog listener = new ProgressLog(progress, names);
    spark.streams().addListener(listener);

    List<StreamingQuery> started = new ArrayList<>();
    try {
      Dataset<Row> raw =
          spark.readStream().format("kafka")
              .options(kafka.sourceOptions(
                  config.topics().raw(), config.startingOffsets(), config.maxOffsetsPerTrigger()))
              .load();
      Dataset<OutputRecord> readingsOut = readingsPipeline(raw, levels, config.watermarkDelay(), version);
      StreamingQuery readings =
          readingsOut.toDF().writeStream()
              .queryName(readingsName)
              .outputMode("append")
              .option("checkpointLocation", config.checkpointLocation() + "/" + readingsName)
              .trigger(Trigger.ProcessingTime(config.triggerInterval().toMillis()))
              .foreachBatch(new MicroBatchWriter(
                  readingsName, true, config.topics(), config.pipelineVersion(), producer, store, progress))
              .start();
      started.add(readings);

      List<StreamingQuery> aggregates = new ArrayList<>();
      for (Duration window : config.windowSizes()) {
        String name = aggregatesName(window, version);
        // Always from the earliest offset (filtered by version): the readings query may write before this one starts.
        Dataset<Row> readingsTopic =
            spark.readStream().format("kafka")
                .options(kafka.sourceOptions(config.topics().readings(), "earliest", config.maxOffsetsPerTrigger()))
                .load();
        Dataset<OutputRecord> out =
            aggregatesPipeline(readingsTopic, window, config.watermarkDelay(), version);
        StreamingQuery q =
            out.toDF().writeStream()
                .queryName(name)
                .outputMode("update")
                .option("checkpointLocation", config.checkpointLocation() + "/" + name)
                .trigger(Trigger.ProcessingTime(config.triggerInterval().toMillis()))
                .foreachBatch(new MicroBatchWriter(
                    name, false, config.topics(), config.pipelineVersion(), producer, store, progress))
                .start();
        started.add(q);
        aggregates.add(q);
      }
      return new StreamingJob(spark, readings, List.copyOf(aggregates), listener, producer);
    } catch (TimeoutException | RuntimeException e) {
      for (StreamingQuery q : started) {
        stopQuery(q);
      }
      spark.streams().removeListener(listener);
      if (producer != null) {
        producer.close();
      }
      throw new IllegalStateException("the streaming job could not start: " + e.getMessage(), e);
    }
  }

  /** Query 1's transform: raw Kafka rows → rejections, tallies, enriched readings and alerts. */
  public static Dataset<OutputRecord> readingsPipeline(
      Dataset<Row> raw, Broadcast<TriggerLevelCatalog> levels, Duration watermarkDelay, String version) {
    ValidationPolicy policy = ValidationPolicy.DEFAULT;
    Dataset<ReadingRow> deduped = ReadingEnrichment.deduplicate(RawDecoding.accepted(raw, policy), watermarkDelay);
    return ReadingEnrichment.enrich(deduped, levels, version).union(RawDecoding.rejectedAndTallied(raw, policy));
  }

  /** Query 2's transform: readings-topic Kafka rows → window aggregates. */
  public static Dataset<OutputRecord> aggregatesPipeline(
      Dataset<Row> readingsTopic, Duration window, Duration watermarkDelay, String version) {
    Dataset<Row> readings =
        WindowAggregation.deduplicate(WindowAggregation.readings(readingsTopic, version), watermarkDelay);
    return WindowAggregation.aggregate(readings, window, version);
  }

  static String aggregatesName(Duration window, String version) {
    return "aggregates-" + window + "-" + version;
  }

  /** Session settings the job relies on. Shuffle partitions only matter at a checkpoint's first start. */
  static void configure(SparkSession spark, JobConfig config) {
    spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(config.shufflePartitions()));
    // State lives off-heap in RocksDB, so the per-instrument state and dedupe keys do not grow the JVM heap.
    spark.conf().set("spark.sql.streaming.stateStore.providerClass", ROCKSDB_PROVIDER);
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    // Batches without new data only advance the watermark to evict state; at a trickle they double the batch count.
    spark.conf().set("spark.sql.streaming.noDataMicroBatches.enabled", "false");
    // The admin-client offset reader never joins the consumer group, so the readings and aggregates queries can share
    // KAFKA_GROUP_ID (the only group the job's IAM role may use). It is 3.5's default; pinned because the job relies on it.
    spark.conf().set("spark.sql.streaming.kafka.useDeprecatedOffsetFetching", "false");
  }

  private static void requireTopics(KafkaSettings kafka, JobConfig config) {
    try (Admin admin = Admin.create(kafka.admin())) {
      Set<String> existing = admin.listTopics().names().get();
      List<String> missing = config.topics().all().stream().filter(t -> !existing.contains(t)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "Kafka topics " + missing + " do not exist on " + config.bootstrapServers()
                + "; create them first (the query would die on UnknownTopicOrPartition)");
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot list topics on " + config.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    }
  }

  public List<StreamingQuery> queries() {
    List<StreamingQuery> all = new ArrayList<>();
    all.add(readingsQuery);
    all.addAll(aggregateQueries);
    return all;
  }

  public StreamingQuery readingsQuery() {
    return readingsQuery;
  }

  /**
   * Blocks until everything now in the raw topic has gone through the readings query and then the aggregates queries.
   * For tests and the local runner; throws if a query failed.
   */
  public void awaitCaughtUp() throws StreamingQueryException {
    readingsQuery.processAllAvailable();
    for (StreamingQuery q : aggregateQueries) {
      q.processAllAvailable();
    }
  }

  /** Stops every query (the readings query first) and releases the producer; checkpoints stay for a restart. */
  public void stop() {
    for (StreamingQuery q : queries()) {
      stopQuery(q);
    }
    spark.streams().removeListener(listener);
    if (producer != null) {
      producer.close(Duration.ofSeconds(30));
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException e) {
      LOG.warn("stopping the job at shutdown failed", e);
    }
  }

  private static void stopQuery(StreamingQuery q) {
    try {
      q.stop();
    } catch (TimeoutException e) {
      throw new IllegalStateException("query " + q.name() + " did not stop in time", e);
    }
  }
}
