package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.geomonitor.domain.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job stopped at the worst moment, by a deterministic hook rather than a timed kill: every
 * partition of batch 0 has committed to PostgreSQL and Kafka, and Spark has not yet recorded the
 * batch in its checkpoint. On restart Spark runs batch 0 again; each partition is found in the
 * ledger and skipped, so nothing is written or sent twice, and the stream goes on.
 */
class CommitGapIT {
  @TempDir static Path work;
  @RegisterExtension static final ItServices services = new ItServices();
  private final SparkSession spark = TestSpark.session();

  private static final String PARTITIONS =
      "SELECT batch_id, output_partition, rows_in, accepted, rejected, readings, aggregates, alerts, rejections,"
          + " committed_at FROM pipeline_v1.batch_partitions ORDER BY batch_id, output_partition";

  @Test
  void aJobStoppedBetweenItsDatabaseCommitAndItsCheckpointCommitWritesNothingTwiceOnRestart()
      throws Exception {
    // Given a raw topic with 72 readings, 3 repeats and 6 poison records
    String name = ItServices.unique("gap");
    Topics topics = services.createTopics(name + ".", 2);
    Series input =
        new Series()
            .risingStandpipe("BH-A", 12)
            .steady("piezometer", "PZ-B", 100.0, 12)
            .steady("extensometer", "EX-C", 2.0, 12)
            .steady("piezometer", "PZ-D", 90.0, 12)
            .steady("settlement_marker", "SM-E", 1.0, 12)
            .steady("extensometer", "EX-F", 3.0, 12)
            .repeat(3, 15, 30)
            .poison(PoisonCorpus.all().subList(0, 6));
    services.produce(topics.raw(), input.values, input.keys);
    String db = services.createDatabase(name);
    Path checkpoint = work.resolve(name);
    JobConfig config = services.config(topics, db, checkpoint.toString(), 1000);
    AtomicInteger halted = new AtomicInteger();
    BatchWrittenHook haltAfterBatch0 =
        (query, batchId) -> {
          if (batchId == 0 && halted.getAndIncrement() == 0) {
            throw new IllegalStateException("halted by the test after batch 0's outputs committed");
          }
        };

    // When the job halts after batch 0's outputs are committed and before its checkpoint commit ...
    try (StreamingJob job = StreamingJob.start(spark, config, haltAfterBatch0)) {
      assertThatThrownBy(job::awaitCaughtUp)
          .isInstanceOf(StreamingQueryException.class)
          .hasStackTraceContaining("halted by the test");
    }
    Path commits = checkpoint.resolve("readings-v1").resolve("commits");
    assertThat(commits.resolve("0")).as("batch 0 not recorded in the checkpoint").doesNotExist();
    List<Map<String, Object>> partitions = services.rows(db, PARTITIONS);
    Map<String, List<Map<String, Object>>> tables = snapshot(db);
    int sentReadings = services.readAll(topics.readings()).size();
    int sentLetters = services.readAll(topics.dlq()).size();
    // ... and is started again on its checkpoint, then sent one more reading
    try (StreamingJob job = StreamingJob.start(spark, config)) {
      job.awaitCaughtUp();
      assertThat(commits.resolve("0")).as("batch 0 recorded now").exists();
      Series later = new Series().steady("settlement_marker", "SM-LATER", 1.0, 1);
      services.produce(topics.raw(), later.values, later.keys);
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  services.count(
                          db,
                          "SELECT count(*) FROM pipeline_v1.readings WHERE borehole_number = 'SM-LATER'")
                      == 1);
    }

    // Then batch 0 was all committed before the halt, and its replay changed nothing: same ledger
    // rows (the same
    // commit times), same tables, nothing sent to Kafka again
    assertThat(partitions).as("batch 0's partitions committed before the halt").hasSize(2);
    assertThat(services.rows(db, PARTITIONS).subList(0, 2)).isEqualTo(partitions);
    Map<String, List<Map<String, Object>>> after = snapshot(db);
    assertThat(after.get("rejections")).isEqualTo(tables.get("rejections"));
    assertThat(after.get("readings")).hasSize(73).containsAll(tables.get("readings"));
    assertThat(sentReadings).isEqualTo(72);
    assertThat(services.readAll(topics.readings())).hasSize(73);
    assertThat(services.readAll(topics.dlq())).hasSize(sentLetters).hasSize(6);
    // ... and the accounting holds over both batches: in = accepted + rejected + duplicates, each
    // once
    Map<String, Object> ledger =
        services
            .rows(
                db,
                "SELECT sum(rows_in) AS rows_in, sum(accepted) AS accepted,"
                    + " sum(rejected) AS rejected, sum(duplicates) AS duplicates FROM pipeline_v1.batch_ledger")
            .get(0);
    assertThat(((Number) ledger.get("rows_in")).longValue()).isEqualTo(input.values.size() + 1L);
    assertThat(((Number) ledger.get("accepted")).longValue()).isEqualTo(73);
    assertThat(((Number) ledger.get("rejected")).longValue()).isEqualTo(6);
    assertThat(((Number) ledger.get("duplicates")).longValue()).isEqualTo(3);
  }

  private static Map<String, List<Map<String, Object>>> snapshot(String db) throws Exception {
    return Map.of(
        "readings", services.rows(db, "SELECT * FROM pipeline_v1.readings ORDER BY reading_id"),
        "rejections",
            services.rows(
                db,
                "SELECT source_topic, source_partition, source_offset, codes::text"
                    + " FROM pipeline_v1.rejections ORDER BY source_partition, source_offset"));
  }
}
