package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevelHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once effect in PostgreSQL: a restart from the checkpoint and a replayed batch change
 * nothing.
 */
class RestartAndReplayIT {
  @TempDir static Path work;
  @RegisterExtension static final ItServices services = new ItServices();
  private final SparkSession spark = TestSpark.session();

  private static final String READINGS = "SELECT * FROM pipeline_v1.readings ORDER BY reading_id";
  private static final String ALERTS = "SELECT * FROM pipeline_v1.alerts ORDER BY alert_id";
  private static final String REJECTIONS =
      "SELECT source_topic, source_partition, source_offset, stage, codes::text, reasons::text, key, value"
          + " FROM pipeline_v1.rejections ORDER BY source_partition, source_offset";

  /** Means are rounded: a different batching sums the same doubles in another order. */
  private static final String AGGREGATES =
      "SELECT aggregate_id, count, min, max, round(mean::numeric, 9) AS mean, first, last,"
          + " round(rate_per_hour::numeric, 9) AS rate FROM pipeline_v1.aggregates ORDER BY aggregate_id";

  @Test
  void stoppingMidStreamAndRestartingFromTheCheckpointGivesTheSameTablesAsAnUninterruptedRun()
      throws Exception {
    // Given one raw topic holding readings of three instruments, repeats and poison
    Topics once = services.createTopics(ItServices.unique("once") + ".", 2);
    Topics twice = services.createTopics(ItServices.unique("twice") + ".", 2);
    Topics restarted =
        new Topics(once.raw(), twice.readings(), twice.aggregates(), twice.alerts(), twice.dlq());
    Series input =
        new Series()
            .risingStandpipe("BH-A", 12)
            .steady("piezometer", "PZ-B", 100.0, 12)
            .steady("extensometer", "EX-C", 2.0, 12)
            .repeat(3, 15, 30)
            .poison(PoisonCorpus.all().subList(0, 6));
    services.produce(once.raw(), input.values, input.keys);
    String dbOnce = services.createDatabase(ItServices.unique("once"));
    String dbTwice = services.createDatabase(ItServices.unique("twice"));

    // When one run goes through uninterrupted
    try (StreamingJob job =
        StreamingJob.start(
            spark, services.config(once, dbOnce, work.resolve("cp-once").toString(), 1000))) {
      job.awaitCaughtUp();
    }
    // ... and another, in batches of 5, is stopped after two batches and restarted from its
    // checkpoint
    JobConfig small = services.config(restarted, dbTwice, work.resolve("cp-twice").toString(), 5);
    try (StreamingJob job = StreamingJob.start(spark, small)) {
      StreamingJobIT.awaitBatches(job, 2);
    }
    long readingsBeforeRestart =
        services.count(dbTwice, "SELECT count(*) FROM pipeline_v1.readings");
    try (StreamingJob job = StreamingJob.start(spark, small)) {
      job.awaitCaughtUp();
    }

    // Then the interrupted run really was cut short, and both runs left identical tables
    assertThat(readingsBeforeRestart).isLessThan(36);
    assertThat(services.rows(dbTwice, READINGS))
        .hasSize(36)
        .isEqualTo(services.rows(dbOnce, READINGS));
    assertThat(services.rows(dbTwice, ALERTS)).hasSize(3).isEqualTo(services.rows(dbOnce, ALERTS));
    assertThat(services.rows(dbTwice, REJECTIONS))
        .hasSize(6)
        .isEqualTo(services.rows(dbOnce, REJECTIONS));
    assertThat(services.rows(dbTwice, AGGREGATES))
        .isNotEmpty()
        .isEqualTo(services.rows(dbOnce, AGGREGATES));
    String totals =
        "SELECT sum(rows_in) AS rows_in, sum(accepted) AS accepted, sum(rejected) AS rejected,"
            + " sum(duplicates) AS duplicates FROM pipeline_v1.batch_ledger WHERE query_name LIKE 'readings-v1%'";
    assertThat(services.rows(dbTwice, totals))
        .isEqualTo(services.rows(dbOnce, totals))
        .singleElement()
        .satisfies(
            t ->
                assertThat(((Number) t.get("rows_in")).longValue()).isEqualTo(input.values.size()));
  }

  @Test
  void replayedBatchLeavesTablesUnchanged() throws Exception {
    // Given the output of the readings transform for a batch of raw records, and the job's batch
    // writer
    String name = ItServices.unique("replay");
    Topics topics = services.createTopics(name + ".", 1);
    String db = services.createDatabase(name);
    Series input =
        new Series().risingStandpipe("BH-R", 8).repeat(2).poison(PoisonCorpus.all().subList(0, 3));
    var levels = new LevelsInForce(TriggerLevelHistory.of(TriggerLevelCatalog.defaults()));
    var raw = RawRecords.kafkaRows(spark, topics.raw(), input.values);
    var batch =
        StreamingJob.readingsPipeline(
                raw,
                dev.geomonitor.domain.ValidationPolicy.DEFAULT,
                levels,
                JobConfig.DEFAULT_HORIZON,
                List.of(Duration.ofMinutes(1)),
                "v1")
            .toDF();
    BatchStoreConfig storeConfig =
        new BatchStoreConfig(db, services.postgres().username(), services.postgres().password());
    new BatchStore(storeConfig).migrate(PipelineVersion.parse("v1"));
    JobConfig config = services.config(topics, db, work.resolve(name).toString(), 100);
    OutputSinks sinks =
        OutputSinks.of(
            topics,
            PipelineVersion.parse("v1"),
            new KafkaSettings(
                    config.bootstrapServers(), dev.geomonitor.platform.kafka.KafkaAuth.NONE)
                .producer(),
            storeConfig);
    ExecutorClients.retain(sinks.producer());
    try {
      MicroBatchWriter writer = new MicroBatchWriter("readings-v1", sinks, new BatchProgress());

      // When batch 7 is written, then written again (Spark replaying it after a crash)
      writer.call(batch, 7L);
      Map<String, List<Map<String, Object>>> first = snapshot(db);
      writer.call(batch, 7L);

      // Then the second write changed nothing, not even the rejection timestamps
      assertThat(first.get("readings")).hasSize(8);
      assertThat(first.get("alerts")).hasSize(2);
      assertThat(first.get("rejections")).hasSize(3);
      assertThat(first.get("ledger")).hasSize(1);
      Map<String, List<Map<String, Object>>> second = snapshot(db);
      for (String table : first.keySet()) {
        assertThat(second.get(table)).as(table).isEqualTo(first.get(table));
      }
    } finally {
      ExecutorClients.release(sinks.producer());
    }
  }

  private static Map<String, List<Map<String, Object>>> snapshot(String db) throws Exception {
    return Map.of(
        "readings", services.rows(db, READINGS),
        "alerts", services.rows(db, ALERTS),
        "rejections",
            services.rows(db, "SELECT * FROM pipeline_v1.rejections ORDER BY source_offset"),
        "ledger",
            services.rows(
                db, "SELECT * FROM pipeline_v1.batch_ledger ORDER BY query_name, batch_id"));
  }
}
