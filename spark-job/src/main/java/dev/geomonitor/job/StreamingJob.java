package dev.geomonitor.job;

import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.batchstore.TriggerLevelVersions;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevelHistory;
import dev.geomonitor.domain.ValidationPolicy;
import dev.geomonitor.platform.settings.SettingValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming job: ONE query, {@code readings-vN}, with its own checkpoint and ledger name: raw
 * topic → validate once (domain ReadingDecoder) → rejections to the DLQ; accepted readings →
 * per-instrument state (repeats of (instrument, borehole_number, ts) dropped; baseline, previous
 * reading, trigger status, open event-time windows) → readings, status alerts and window aggregates
 * (update semantics: a re-emitted window overwrites by its natural key). foreachBatch only
 * coordinates: each output partition writes its own slice from its executor, to the DLQ, readings,
 * alerts and aggregates topics and to PostgreSQL (one transaction per partition with the ledger),
 * see {@link MicroBatchWriter}.
 *
 * <p>Windows are kept per instrument, next to the dedupe state, rather than by a second query
 * reading the readings topic back: Spark allows no aggregation after flatMapGroupsWithState in one
 * query, and a second query would parse every reading again and keep a second dedupe state (it cost
 * as much CPU as the readings query itself).
 */
public final class StreamingJob implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingJob.class);
  static final String ROCKSDB_PROVIDER =
      "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";

  private final SparkSession spark;
  private final StreamingQuery readingsQuery;
  private final ProgressLog listener;
  private final OutputSinks sinks;
  private boolean released;

  private StreamingJob(
      SparkSession spark, StreamingQuery readingsQuery, ProgressLog listener, OutputSinks sinks) {
    this.spark = spark;
    this.readingsQuery = readingsQuery;
    this.listener = listener;
    this.sinks = sinks;
  }

  /**
   * Entry point of spark-submit and EMR Serverless. Settings: see {@link JobConfig#fromSettings}.
   */
  public static void main(String[] args) throws Exception {
    SettingValues settings = SettingValues.of(System.getenv()).withArguments(args);
    JobConfig config = DatabaseSecret.resolve(JobConfig.from(settings), SecretsManagerSource::new);
    // Off unless a crash test sets FAULT_HALT_AT.
    BatchWrittenHook hook =
        FaultPoint.from(settings).<BatchWrittenHook>map(f -> f).orElse(BatchWrittenHook.NONE);
    SparkSession spark =
        SparkSession.builder().appName("geomonitor-" + config.pipelineVersion()).getOrCreate();
    StreamingJob job = start(spark, config, hook);
    Runtime.getRuntime().addShutdownHook(new Thread(job::stopQuietly, "stop-streaming-job"));
    try {
      spark.streams().awaitAnyTermination();
    } finally {
      job.stop();
      // A failed query must end the process (Spark's threads would keep a plain `java` JVM alive),
      // so whatever runs the job (spark-submit, a streaming job run's retry policy, a test) starts
      // a new run on the checkpoint.
      spark.stop();
    }
  }

  /**
   * Starts every query of the job on {@code spark} and returns at once; they run until {@link
   * #stop()}.
   */
  public static StreamingJob start(SparkSession spark, JobConfig config) {
    return start(spark, config, BatchWrittenHook.NONE);
  }

  /**
   * As {@link #start(SparkSession, JobConfig)}, calling {@code hook} after each batch's outputs are
   * committed.
   */
  static StreamingJob start(SparkSession spark, JobConfig config, BatchWrittenHook hook) {
    LOG.info("starting with {}", config);
    configure(spark, config);
    String readingsName = "readings-" + config.pipelineVersion().label();
    String checkpoint = config.checkpointLocation() + "/" + readingsName;
    CheckpointPlan.claim(checkpoint, spark.sparkContext().hadoopConfiguration());
    KafkaSettings kafka = KafkaSettings.of(config);
    requireTopics(kafka, config);
    TriggerLevelCatalog catalog = TriggerLevelsSource.load(config.triggerLevelsFile(), spark);
    LevelsReload reload = null;
    LevelsInForce levels = new LevelsInForce(TriggerLevelHistory.of(catalog));

    OutputSinks sinks = null;
    if (config.sinkMode() == JobConfig.SinkMode.REAL) {
      BatchStoreConfig storeConfig =
          new BatchStoreConfig(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword())
              .withApplicationName("geomonitor-spark-job");
      if (config.dbSecretArn().isPresent()) {
        // A rotation changes the secret while the job runs: executors read it again when refused.
        storeConfig =
            storeConfig.withCredentials(
                new SecretLogin(config.dbSecretArn().get(), new SecretsManagerSource()));
      }
      BatchStore store = new BatchStore(storeConfig);
      store.migrate(config.pipelineVersion());
      store.syncTriggerLevels(catalog);
      // Version 0 is the catalog; the versions engineers added are loaded now and kept fresh
      // before every batch.
      reload =
          LevelsReload.of(
              catalog,
              new TriggerLevelVersions(store.dataSource()),
              config.levelsReloadInterval(),
              config.site().futureTolerance());
      reload.loadAtStart();
      levels = reload.inForce();
      // The executors make their producer and store from these settings, once per JVM.
      sinks =
          OutputSinks.of(config.topics(), config.pipelineVersion(), kafka.producer(), storeConfig);
      ExecutorClients.retain(sinks.producer());
    }

    String version = config.pipelineVersion().label();
    BatchProgress progress = new BatchProgress();
    ProgressLog listener = new ProgressLog(progress, Set.of(readingsName));
    spark.streams().addListener(listener);

    List<StreamingQuery> started = new ArrayList<>();
    try {
      Dataset<Row> raw =
          spark
              .readStream()
              .format("kafka")
              .options(
                  kafka.sourceOptions(
                      config.topics().raw(),
                      config.startingOffsets(),
                      config.maxOffsetsPerTrigger()))
              .load();
      Dataset<OutputRecord> readingsOut =
          readingsPipeline(
              raw, config.site(), levels, config.watermarkDelay(), config.windowSizes(), version);
      StreamingQuery readings =
          readingsOut
              .toDF()
              .writeStream()
              .queryName(readingsName)
              .outputMode("append")
              .option("checkpointLocation", checkpoint)
              .trigger(Trigger.ProcessingTime(config.triggerInterval().toMillis()))
              .foreachBatch(new MicroBatchWriter(readingsName, sinks, progress, hook, reload))
              .start();
      started.add(readings);

      return new StreamingJob(spark, readings, listener, sinks);
    } catch (TimeoutException | RuntimeException e) {
      for (StreamingQuery q : started) {
        stopQuery(q);
      }
      spark.streams().removeListener(listener);
      if (sinks != null) {
        ExecutorClients.release(sinks.producer());
      }
      throw new IllegalStateException("the streaming job could not start: " + e.getMessage(), e);
    }
  }

  /**
   * The query's transform: raw Kafka rows → rejections, tallies, enriched readings, alerts and
   * window aggregates. Each raw record is decoded once and everything travels through one stateful
   * operator.
   */
  public static Dataset<OutputRecord> readingsPipeline(
      Dataset<Row> raw,
      ValidationPolicy site,
      LevelsInForce levels,
      Duration horizon,
      List<Duration> windowSizes,
      String version) {
    return ReadingEnrichment.enrich(
        RawDecoding.decode(raw, site), levels, version, horizon, windowSizes);
  }

  /**
   * Session settings the job relies on. Shuffle partitions only matter at a checkpoint's first
   * start.
   */
  static void configure(SparkSession spark, JobConfig config) {
    spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(config.shufflePartitions()));
    // State lives off-heap in RocksDB, so the per-instrument state and dedupe keys do not grow the
    // JVM heap.
    spark.conf().set("spark.sql.streaming.stateStore.providerClass", ROCKSDB_PROVIDER);
    // Each commit writes the batch's changes instead of a RocksDB snapshot (snapshots are taken in
    // the background):
    // the per-batch cost that bounds freshness at a steady rate.
    spark
        .conf()
        .set("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true");
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    // The job keeps no watermark-driven state; batches without new data would only double the batch
    // count at a trickle.
    spark.conf().set("spark.sql.streaming.noDataMicroBatches.enabled", "false");
    // The admin-client offset reader never joins the consumer group, so two job versions (a
    // reprocessing run beside the
    // serving one) never split the raw topic's partitions between them even with one KAFKA_GROUP_ID
    // (the only group the
    // job's IAM role may use). It is 3.5's default; pinned because the job relies on it.
    spark.conf().set("spark.sql.streaming.kafka.useDeprecatedOffsetFetching", "false");
  }

  private static void requireTopics(KafkaSettings kafka, JobConfig config) {
    try (Admin admin = Admin.create(kafka.admin())) {
      Set<String> existing = admin.listTopics().names().get();
      List<String> missing =
          config.topics().all().stream().filter(t -> !existing.contains(t)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "Kafka topics "
                + missing
                + " do not exist on "
                + config.bootstrapServers()
                + "; create them first (the query would die on UnknownTopicOrPartition)");
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot list topics on " + config.bootstrapServers() + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    }
  }

  public List<StreamingQuery> queries() {
    return List.of(readingsQuery);
  }

  public StreamingQuery readingsQuery() {
    return readingsQuery;
  }

  /**
   * Blocks until everything now in the raw topic has gone through the job. For tests and the local
   * runner; throws if the query failed.
   */
  public void awaitCaughtUp() throws StreamingQueryException {
    readingsQuery.processAllAvailable();
  }

  /**
   * Stops the query and releases this JVM's producer (local mode); the checkpoint stays for a
   * restart.
   */
  public synchronized void stop() {
    for (StreamingQuery q : queries()) {
      stopQuery(q);
    }
    spark.streams().removeListener(listener);
    if (sinks != null && !released) {
      released = true;
      ExecutorClients.release(sinks.producer());
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
