package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executors write each output partition of a micro-batch in its own transaction with its own
 * ledger row. A batch Spark replays must rebuild the very same partitions, so that each is skipped
 * (committed before) or written once.
 */
class PartitionReplayIT {
  @TempDir static Path work;
  @RegisterExtension static final ItServices services = new ItServices();
  private final SparkSession spark = TestSpark.session();

  /**
   * Per-partition ledger rows without their commit time: equal rows mean the same slice of the
   * batch.
   */
  private static final String PARTITIONS =
      "SELECT batch_id, output_partition, rows_in, accepted, rejected, readings, aggregates, alerts, rejections"
          + " FROM pipeline_v1.batch_partitions ORDER BY batch_id, output_partition";

  private static final String READINGS = "SELECT * FROM pipeline_v1.readings ORDER BY reading_id";
  private static final String ALERTS = "SELECT * FROM pipeline_v1.alerts ORDER BY alert_id";
  private static final String AGGREGATES =
      "SELECT * FROM pipeline_v1.aggregates ORDER BY aggregate_id";
  private static final String REJECTIONS =
      "SELECT source_topic, source_partition, source_offset, codes::text, key, value FROM pipeline_v1.rejections"
          + " ORDER BY source_partition, source_offset";

  private static Series input() {
    return new Series()
        .risingStandpipe("BH-A", 12)
        .steady("piezometer", "PZ-B", 100.0, 12)
        .steady("extensometer", "EX-C", 2.0, 12)
        .steady("piezometer", "PZ-D", 90.0, 12)
        .steady("settlement_marker", "SM-E", 1.0, 12)
        .steady("extensometer", "EX-F", 3.0, 12)
        .repeat(3, 15, 30)
        .poison(PoisonCorpus.all().subList(0, 6));
  }

  @Test
  void aBatchWhosePartitionsCommittedOnlyInPartIsCompletedExactlyOnceOnReplay() throws Exception {
    // Given the same raw topic run once without trouble (one batch, two output partitions) ...
    String name = ItServices.unique("partial");
    Topics clean = services.createTopics(name + "c.", 2);
    Topics out = services.createTopics(name + "f.", 2);
    Topics faulted =
        new Topics(clean.raw(), out.readings(), out.aggregates(), out.alerts(), out.dlq());
    Series input = input();
    services.produce(clean.raw(), input.values, input.keys);
    String dbClean = services.createDatabase(name + "_clean");
    try (StreamingJob job =
        StreamingJob.start(
            spark,
            services.config(clean, dbClean, work.resolve(name + "-clean").toString(), 1000))) {
      job.awaitCaughtUp();
    }
    List<Map<String, Object>> cleanPartitions = services.rows(dbClean, PARTITIONS);
    assertThat(cleanPartitions)
        .as("batch 0 must fill both output partitions for this test")
        .hasSize(2);

    // ... and a database that refuses partition 1's commit once partition 0 has committed
    String db = services.createDatabase(name + "_faulted");
    new BatchStore(
            new BatchStoreConfig(
                db, services.postgres().username(), services.postgres().password()))
        .migrate(PipelineVersion.parse("v1"));
    execute(
        db,
        "CREATE FUNCTION pipeline_v1.refuse_after_partition_0() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN"
            + "   FOR i IN 1..1200 LOOP"
            + "     EXIT WHEN EXISTS (SELECT 1 FROM pipeline_v1.batch_partitions WHERE batch_id = NEW.batch_id"
            + "                       AND output_partition = 0);"
            + "     PERFORM pg_sleep(0.05);"
            + "   END LOOP;"
            + "   RAISE EXCEPTION 'partition 1 refused by the test';"
            + " END $$",
        "CREATE TRIGGER refuse_partition_1 BEFORE INSERT ON pipeline_v1.batch_partitions FOR EACH ROW"
            + " WHEN (NEW.output_partition = 1) EXECUTE FUNCTION pipeline_v1.refuse_after_partition_0()");
    JobConfig config =
        services.config(faulted, db, work.resolve(name + "-faulted").toString(), 1000);

    // When the job fails in batch 0 with partition 0 committed and partition 1 not ...
    try (StreamingJob job = StreamingJob.start(spark, config)) {
      assertThatThrownBy(job::awaitCaughtUp).isInstanceOf(StreamingQueryException.class);
    }
    List<Map<String, Object>> afterFailure = services.rows(db, PARTITIONS);
    long readingsAfterFailure = services.count(db, "SELECT count(*) FROM pipeline_v1.readings");
    // ... and is restarted on its checkpoint once the database accepts everything again
    execute(db, "DROP TRIGGER refuse_partition_1 ON pipeline_v1.batch_partitions");
    try (StreamingJob job = StreamingJob.start(spark, config)) {
      job.awaitCaughtUp();
    }

    // Then only partition 0 had been committed, and the replay rebuilt the same two partitions: the
    // ledger and every
    // table are those of the clean run, and each input is counted once
    assertThat(afterFailure).containsExactly(cleanPartitions.get(0));
    assertThat(readingsAfterFailure)
        .isEqualTo(((Number) cleanPartitions.get(0).get("readings")).longValue());
    assertThat(services.rows(db, PARTITIONS)).isEqualTo(cleanPartitions);
    assertThat(services.rows(db, READINGS)).hasSize(72).isEqualTo(services.rows(dbClean, READINGS));
    assertThat(services.rows(db, ALERTS)).isEqualTo(services.rows(dbClean, ALERTS));
    assertThat(services.rows(db, AGGREGATES))
        .isNotEmpty()
        .isEqualTo(services.rows(dbClean, AGGREGATES));
    assertThat(services.rows(db, REJECTIONS))
        .hasSize(6)
        .isEqualTo(services.rows(dbClean, REJECTIONS));
    Map<String, Object> ledger =
        services
            .rows(
                db, "SELECT rows_in, accepted, rejected, duplicates FROM pipeline_v1.batch_ledger")
            .get(0);
    assertThat(ledger)
        .containsEntry("rows_in", (long) input.values.size())
        .containsEntry("accepted", 72L)
        .containsEntry("rejected", 6L)
        .containsEntry("duplicates", 3L);
    // ... and on Kafka each reading is there once: the committed partition was not sent again, and
    // the refused one
    // had sent nothing (a partition claims its ledger row before it sends)
    assertThat(services.readAll(faulted.readings())).hasSize(72);
  }

  @Test
  void aBatchReplayedFromTheCheckpointRebuildsTheSamePartitionsAndSkipsTheCommittedOnes()
      throws Exception {
    // Given a job that ran one batch to its end
    String name = ItServices.unique("replay");
    Topics topics = services.createTopics(name + ".", 2);
    Series input = input();
    services.produce(topics.raw(), input.values, input.keys);
    String db = services.createDatabase(name);
    Path checkpoint = work.resolve(name);
    JobConfig config = services.config(topics, db, checkpoint.toString(), 1000);
    try (StreamingJob job = StreamingJob.start(spark, config)) {
      job.awaitCaughtUp();
    }
    List<Map<String, Object>> partitions = services.rows(db, PARTITIONS);
    assertThat(partitions).hasSize(2);
    Object partition0CommittedAt =
        services
            .rows(
                db,
                "SELECT committed_at FROM pipeline_v1.batch_partitions WHERE output_partition = 0")
            .get(0)
            .get("committed_at");
    Map<String, List<Map<String, Object>>> tables = snapshot(db);

    // When Spark has to run batch 0 again (its commit is removed from the checkpoint, as after a
    // crash before it was
    // recorded) and the ledger has only partition 0 of it (partition 1's ledger row removed, its
    // rows kept)
    Path commits = checkpoint.resolve("readings-v1").resolve("commits");
    Files.delete(commits.resolve("0"));
    Files.deleteIfExists(commits.resolve(".0.crc"));
    execute(db, "DELETE FROM pipeline_v1.batch_partitions WHERE output_partition = 1");
    try (StreamingJob job = StreamingJob.start(spark, config)) {
      job.awaitCaughtUp();
    }

    // Then partition 1 was rebuilt with exactly the same slice, partition 0 was skipped, and the
    // tables are unchanged
    assertThat(services.rows(db, PARTITIONS)).isEqualTo(partitions);
    assertThat(
            services
                .rows(
                    db,
                    "SELECT committed_at FROM pipeline_v1.batch_partitions WHERE output_partition = 0")
                .get(0)
                .get("committed_at"))
        .isEqualTo(partition0CommittedAt);
    Map<String, List<Map<String, Object>>> after = snapshot(db);
    for (String table : tables.keySet()) {
      assertThat(after.get(table)).as(table).isEqualTo(tables.get(table));
    }
    long partition1Readings = ((Number) partitions.get(1).get("readings")).longValue();
    assertThat(services.readAll(topics.readings())).hasSize((int) (72 + partition1Readings));
  }

  private static Map<String, List<Map<String, Object>>> snapshot(String db) throws Exception {
    return Map.of(
        "readings", services.rows(db, READINGS),
        "alerts", services.rows(db, ALERTS),
        "aggregates", services.rows(db, AGGREGATES),
        "rejections", services.rows(db, REJECTIONS));
  }

  private static void execute(String db, String... statements) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                db, services.postgres().username(), services.postgres().password());
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }
}
