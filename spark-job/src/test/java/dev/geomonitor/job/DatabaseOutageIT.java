package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geomonitor.domain.Topics;
import dev.geomonitor.embedded.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL down while the job runs (a server of this test's own, stopped and started again on the
 * same data and port): the batch that meets the outage fails before it sends anything (a partition
 * claims its ledger row first), the job restarted on its checkpoint once the database is back
 * writes that batch exactly once, and the totals reconcile. An infrastructure fault makes the stage
 * fail and retry; it never dead-letters a record.
 */
class DatabaseOutageIT {
  @TempDir static Path work;
  @RegisterExtension static final ItServices services = new ItServices();
  private final SparkSession spark = TestSpark.session();

  @Test
  void aBatchMetByADatabaseOutageIsWrittenOnceWhenTheDatabaseIsBack() throws Exception {
    String name = ItServices.unique("outage");
    Topics topics = services.createTopics(name + ".", 2);
    Path pgDir = work.resolve("postgres");
    PostgresServer postgres = PostgresServer.start(pgDir);
    try {
      try (Connection c = postgres.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
      String db = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + name;
      JobConfig config = services.config(topics, db, work.resolve(name).toString(), 1000);
      Series first =
          new Series()
              .risingStandpipe("BH-A", 12)
              .steady("piezometer", "PZ-B", 100.0, 12)
              .poison(PoisonCorpus.all().subList(0, 3));
      Series second =
          new Series()
              .steady("extensometer", "EX-C", 2.0, 12)
              .steady("piezometer", "PZ-D", 90.0, 12)
              .poison(PoisonCorpus.all().subList(3, 5));

      // Given a job that wrote a first batch, then PostgreSQL stopped and a second batch produced
      // meanwhile
      services.produce(topics.raw(), first.values, first.keys);
      try (StreamingJob job = StreamingJob.start(spark, config)) {
        job.awaitCaughtUp();
        postgres.stop();
        services.produce(topics.raw(), second.values, second.keys);
        // When the job meets the outage, it fails (after its claim retries) instead of skipping the
        // batch
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> failed(job));
      }
      assertThat(services.readAll(topics.readings()))
          .as("the failed batch sent nothing")
          .hasSize(24);

      // ... and, PostgreSQL back, the job restarted on its checkpoint completes the batch
      postgres = PostgresServer.start(pgDir);
      try (StreamingJob job = StreamingJob.start(spark, config)) {
        job.awaitCaughtUp();
      }

      // Then every reading is stored and published once, every poison rejected once, and the ledger
      // balances
      assertThat(services.count(db, "SELECT count(*) FROM pipeline_v1.readings")).isEqualTo(48);
      assertThat(services.count(db, "SELECT count(*) FROM pipeline_v1.rejections")).isEqualTo(5);
      assertThat(services.readAll(topics.readings())).hasSize(48);
      assertThat(services.readAll(topics.dlq())).hasSize(5);
      Map<String, Object> ledger =
          services
              .rows(
                  db,
                  "SELECT sum(rows_in) AS rows_in, sum(accepted) AS accepted,"
                      + " sum(rejected) AS rejected FROM pipeline_v1.batch_ledger")
              .get(0);
      assertThat(((Number) ledger.get("rows_in")).longValue()).isEqualTo(53);
      assertThat(((Number) ledger.get("accepted")).longValue()).isEqualTo(48);
      assertThat(((Number) ledger.get("rejected")).longValue()).isEqualTo(5);
    } finally {
      postgres.close();
    }
  }

  /** True once the query has failed; false while it is still running (and caught up). */
  private static boolean failed(StreamingJob job) {
    try {
      job.awaitCaughtUp();
      return false;
    } catch (StreamingQueryException e) {
      return true;
    }
  }
}
