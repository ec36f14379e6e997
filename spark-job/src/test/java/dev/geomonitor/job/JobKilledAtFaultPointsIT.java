package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.embedded.testing.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's own main in a child JVM, SIGKILLed at three chosen points of a micro-batch, each chosen
 * by {@code FAULT_HALT_AT} (the job writes a marker and blocks there; the test waits for the marker
 * and kills: no timed kill): after a batch's PostgreSQL and Kafka commits but before Spark's
 * checkpoint commit, before a batch writes anything, and after a batch's Kafka records are
 * acknowledged but before its PostgreSQL transaction commits. Restarted on the same checkpoint
 * after each kill, the job ends with exactly the PostgreSQL tables and Kafka records of an
 * uninterrupted run over the same raw log; the only copies on Kafka are records of the batch killed
 * between its Kafka acknowledgements and its PostgreSQL commit (Kafka is written at least once;
 * readers key by natural id).
 */
class JobKilledAtFaultPointsIT {
  @TempDir static Path work;
  @RegisterExtension static final ItServices services = new ItServices();
  private final SparkSession spark = TestSpark.session();

  private static final String READINGS = "SELECT * FROM pipeline_v1.readings ORDER BY reading_id";
  private static final String ALERTS = "SELECT * FROM pipeline_v1.alerts ORDER BY alert_id";
  private static final String REJECTIONS =
      "SELECT source_topic, source_partition, source_offset, stage, codes::text, reasons::text, key, value"
          + " FROM pipeline_v1.rejections ORDER BY source_partition, source_offset";
  private static final String AGGREGATES =
      "SELECT aggregate_id, window_start, window_end, count, min, max, round(mean::numeric, 9) AS mean, first, last,"
          + " round(rate_per_hour::numeric, 9) AS rate, unit FROM pipeline_v1.aggregates ORDER BY aggregate_id";
  private static final String TOTALS =
      "SELECT sum(rows_in) AS rows_in, sum(accepted) AS accepted, sum(rejected) AS rejected,"
          + " sum(duplicates) AS duplicates, sum(readings) AS readings, sum(aggregates) AS aggregates,"
          + " sum(alerts) AS alerts, sum(rejections) AS rejections FROM pipeline_v1.batch_ledger";

  @Test
  void aJobKilledAtEachCommitPointEndsWithTheOutputsOfAnUninterruptedRun() throws Exception {
    // Given a generated site log (late, buffered, repeated, corrected readings, poison) on a raw
    // topic of two partitions, read in batches of an eighth of it
    SiteLog log = SiteLog.generate(17, 10);
    String name = ItServices.unique("sigkill");
    Topics topics = services.createTopics(name + ".", 2);
    services.produce(topics.raw(), log.values, log.keys);
    long perBatch = Math.max(1, log.size() / 8);
    System.out.println("SIGKILL at fault points: " + log.describe() + ", " + perBatch + " a batch");
    String db = services.createDatabase(name);
    JobConfig config = services.config(topics, db, work.resolve(name).toString(), perBatch);
    Path commits = work.resolve(name).resolve("readings-v1").resolve("commits");

    // When the job is killed after batch 1's outputs committed, before its checkpoint commit ...
    killAt(config, "after-commit:1");
    assertThat(ledgerBatches(db)).as("batch 1 committed to PostgreSQL").contains(1L);
    assertThat(commits.resolve("1")).as("batch 1 not in the checkpoint").doesNotExist();
    // ... then, restarted, before batch 3 writes anything ...
    killAt(config, "before-write:3");
    assertThat(ledgerBatches(db))
        .as("batch 2 committed, batch 3 not")
        .contains(2L)
        .doesNotContain(3L);
    Map<String, Object> sofar = services.rows(db, TOTALS).get(0);
    Map<String, Map<String, Long>> beforeCopies = outputs(topics);
    assertThat(total(beforeCopies, topics.readings()))
        .as("readings on Kafka = readings committed, none twice (batch 1 replayed as skipped)")
        .isEqualTo(number(sofar, "readings"))
        .isEqualTo(beforeCopies.get(topics.readings()).size());
    assertThat(total(beforeCopies, topics.dlq()))
        .isEqualTo(number(sofar, "rejections"))
        .isEqualTo(beforeCopies.get(topics.dlq()).size());
    // ... then, restarted, in batch 5 once its Kafka records are acknowledged and before its
    // PostgreSQL commit
    killAt(config, "kafka-acked:5");
    assertThat(ledgerBatches(db))
        .as("batch 4 committed, batch 5 not")
        .contains(4L)
        .doesNotContain(5L);
    // ... and is started again on the same checkpoint until it has caught up
    try (StreamingJob job = StreamingJob.start(spark, config)) {
      job.awaitCaughtUp();
    }
    Map<String, Long> batch5 =
        services
            .rows(
                db,
                "SELECT readings, aggregates, alerts, rejections FROM pipeline_v1.batch_ledger WHERE batch_id = 5")
            .get(0)
            .entrySet()
            .stream()
            .collect(
                LinkedHashMap::new,
                (m, e) -> m.put(e.getKey(), ((Number) e.getValue()).longValue()),
                Map::putAll);

    // Then PostgreSQL holds exactly what an uninterrupted run over the same raw log writes
    String refDb = services.createDatabase(name + "_ref");
    Topics refOutputs = services.createTopics(name + "_ref.", 2);
    Topics reference =
        new Topics(
            topics.raw(),
            refOutputs.readings(),
            refOutputs.aggregates(),
            refOutputs.alerts(),
            refOutputs.dlq());
    try (StreamingJob job =
        StreamingJob.start(
            spark,
            services.config(reference, refDb, work.resolve(name + "_ref").toString(), perBatch))) {
      job.awaitCaughtUp();
    }
    for (String table : List.of(READINGS, ALERTS, AGGREGATES, REJECTIONS, TOTALS)) {
      assertThat(services.rows(db, table)).as(table).isEqualTo(services.rows(refDb, table));
    }
    assertThat(number(services.rows(db, TOTALS).get(0), "rows_in")).isEqualTo(log.size());
    // ... and Kafka, read committed, holds the same records; the only copies are of batch 5, sent
    // before the kill and again by its replay
    Map<String, Map<String, Long>> crashed = outputs(topics);
    Map<String, Map<String, Long>> uninterrupted = outputs(reference);
    List<String> kinds = List.of("readings", "aggregates", "alerts", "rejections");
    List<String> topicsOf = outputTopics(topics);
    List<String> referenceTopics = outputTopics(reference);
    long copies = 0;
    for (int i = 0; i < kinds.size(); i++) {
      String topic = topicsOf.get(i);
      Map<String, Long> got = crashed.get(topic);
      Map<String, Long> want = uninterrupted.get(referenceTopics.get(i));
      assertThat(want.values())
          .as("%s: the uninterrupted run sent each record once", topic)
          .containsOnly(1L);
      assertThat(got.keySet()).as("%s: records", topic).isEqualTo(want.keySet());
      long extra = total(crashed, topic) - want.size();
      assertThat(extra)
          .as("%s: copies, at most batch 5's records", topic)
          .isBetween(0L, batch5.get(kinds.get(i)));
      copies += extra;
    }
    assertThat(copies)
        .as("batch 5's records acknowledged before the kill were sent again")
        .isPositive();
  }

  /** Runs the job's main in a child JVM until it halts at {@code point}, then SIGKILLs it. */
  private static void killAt(JobConfig c, String point) throws Exception {
    String label = point.replace(':', '-');
    Path marker = work.resolve("halted-" + label);
    try (ForkedJvm job =
        ForkedJvm.start(
            StreamingJob.class.getName(),
            List.of(
                "-Xmx768m",
                "-Dspark.master=local[2]",
                "-Dspark.ui.enabled=false",
                "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.driver.host=127.0.0.1"),
            List.of(
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
                "--jdbc-password=" + c.jdbcPassword(),
                "--fault-halt-at=" + point,
                "--fault-marker=" + marker),
            work.resolve("job-" + label + ".log"))) {
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> Files.exists(marker) || !job.isAlive());
      assertThat(job.isAlive()).as("the job died before %s; see %s", point, job.log()).isTrue();
      assertThat(Files.readString(marker)).startsWith(point);
      job.kill(); // SIGKILL on Linux
    }
  }

  private static List<Long> ledgerBatches(String db) throws Exception {
    return services.rows(db, "SELECT DISTINCT batch_id FROM pipeline_v1.batch_partitions").stream()
        .map(r -> ((Number) r.get("batch_id")).longValue())
        .toList();
  }

  private static long number(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).longValue();
  }

  private static long total(Map<String, Map<String, Long>> byTopic, String topic) {
    return byTopic.get(topic).values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Each output topic's records, read with {@code isolation.level=read_committed}, as how many
   * times each value occurs (a dead letter without its {@code rejected_at}, the one wall-clock
   * field).
   */
  private static List<String> outputTopics(Topics topics) {
    return List.of(topics.readings(), topics.aggregates(), topics.alerts(), topics.dlq());
  }

  private static Map<String, Map<String, Long>> outputs(Topics topics) throws Exception {
    Map<String, Map<String, Long>> out = new HashMap<>();
    for (String topic : outputTopics(topics)) {
      Map<String, Long> counts = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : services.readCommitted(topic)) {
        JsonNode value = Json.MAPPER.readTree(r.value());
        if (value instanceof ObjectNode o) {
          o.remove("rejected_at");
        }
        counts.merge(value.toString(), 1L, Long::sum);
      }
      out.put(topic, counts);
    }
    return out;
  }
}
