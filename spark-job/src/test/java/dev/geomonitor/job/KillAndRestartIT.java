package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geomonitor.domain.Topics;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's own main in a forked JVM, killed with SIGKILL mid-stream, then resumed from its
 * checkpoint.
 */
class KillAndRestartIT {
  @TempDir static Path work;
  @RegisterExtension static final ItServices services = new ItServices();
  private final SparkSession spark = TestSpark.session();

  @Test
  void jobKilledWithSigkillMidStreamResumesFromItsCheckpointWithoutLossOrDoubleCounting()
      throws Exception {
    // Given a raw topic with 36 readings, 3 repeats and 6 poison records, and the job's main
    // running in its own JVM
    String name = "killed_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Topics topics = services.createTopics(name + ".", 2);
    String db = services.createDatabase(name);
    Series input =
        new Series()
            .risingStandpipe("BH-A", 12)
            .steady("piezometer", "PZ-B", 100.0, 12)
            .steady("extensometer", "EX-C", 2.0, 12)
            .repeat(3, 15, 30)
            .poison(PoisonCorpus.all().subList(0, 6));
    services.produce(topics.raw(), input.values, input.keys);
    JobConfig config = services.config(topics, db, work.resolve("cp").toString(), 4);
    Process job = fork(config, name);
    try {
      // When at least two micro-batches are committed, the JVM is killed without warning
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !job.isAlive() || committedBatches(db) >= 2);
      assertThat(job.isAlive())
          .as("forked job died on its own; see " + work.resolve(name + ".log"))
          .isTrue();
      job.destroyForcibly(); // SIGKILL on Linux
      assertThat(job.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      job.destroyForcibly();
    }
    long readingsAtKill = services.count(db, "SELECT count(*) FROM pipeline_v1.readings");

    // ... and the job is started again on the same checkpoint until it has caught up
    try (StreamingJob resumed = StreamingJob.start(spark, config)) {
      resumed.awaitCaughtUp();
    }

    // Then the kill came mid-stream, and in the end every input is counted exactly once
    assertThat(readingsAtKill).isLessThan(36);
    assertThat(services.count(db, "SELECT count(*) FROM pipeline_v1.readings")).isEqualTo(36);
    assertThat(services.count(db, "SELECT count(*) FROM pipeline_v1.alerts")).isEqualTo(3);
    assertThat(services.count(db, "SELECT count(*) FROM pipeline_v1.rejections")).isEqualTo(6);
    Map<String, Object> ledger =
        services
            .rows(
                db,
                "SELECT sum(rows_in) AS rows_in, sum(duplicates) AS duplicates FROM pipeline_v1.batch_ledger"
                    + " WHERE query_name LIKE 'readings-v1%'")
            .get(0);
    assertThat(((Number) ledger.get("rows_in")).longValue()).isEqualTo(input.values.size());
    assertThat(((Number) ledger.get("duplicates")).longValue()).isEqualTo(3);
    assertThat(services.count(db, "SELECT sum(count) FROM pipeline_v1.aggregates")).isEqualTo(36);
  }

  private static long committedBatches(String db) throws Exception {
    try {
      return services.count(
          db,
          "SELECT count(*) FROM pipeline_v1.batch_ledger WHERE query_name LIKE 'readings-v1%' AND rows_in > 0");
    } catch (java.sql.SQLException e) {
      return 0; // the forked job has not created the schema yet
    }
  }

  /**
   * Runs {@link StreamingJob#main} with the config as arguments, the test JVM's flags and
   * classpath.
   */
  private static Process fork(JobConfig c, String name) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-Djdk.reflect")) {
        cmd.add(arg);
      }
    }
    cmd.addAll(
        List.of(
            "-Xmx768m",
            "-XX:+UseParallelGC",
            "-Dspark.master=local[2]",
            "-Dspark.ui.enabled=false",
            "-Dspark.driver.bindAddress=127.0.0.1",
            "-Dspark.driver.host=127.0.0.1",
            "-cp",
            System.getProperty("java.class.path"),
            StreamingJob.class.getName(),
            "--kafka-bootstrap-servers=" + c.bootstrapServers(),
            "--topic-raw=" + c.topics().raw(),
            "--topic-readings=" + c.topics().readings(),
            "--topic-aggregates=" + c.topics().aggregates(),
            "--topic-alerts=" + c.topics().alerts(),
            "--topic-dlq=" + c.topics().dlq(),
            "--starting-offsets=earliest",
            "--checkpoint-location=" + c.checkpointLocation(),
            "--max-offsets-per-trigger=" + c.maxOffsetsPerTrigger(),
            "--shuffle-partitions=2",
            "--window-sizes=PT1M",
            "--jdbc-url=" + c.jdbcUrl(),
            "--jdbc-user=" + c.jdbcUser(),
            "--jdbc-password=" + c.jdbcPassword()));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve(name + ".log").toFile())
        .start();
  }
}
