package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Rejection;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.domain.TriggerStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The job against a real broker, real PostgreSQL and Spark local[2]. */
class StreamingJobIT {
  @TempDir static Path work;
  @RegisterExtension static final ItServices services = new ItServices();
  private final SparkSession spark = TestSpark.session();

  @Test
  void everyRawRecordEndsUpAsReadingRejectionOrDuplicateAndTheQueryKeepsRunning() throws Exception {
    // Given 30 good readings, 4 of them sent twice, and the poison corpus, in a 2-partition raw
    // topic
    String name = ItServices.unique("e2e");
    Topics topics = services.createTopics(name + ".", 2);
    String db = services.createDatabase(name);
    List<PoisonCorpus.Poison> corpus = PoisonCorpus.all();
    Series input =
        new Series()
            .risingStandpipe("BH-A", 10)
            .steady("piezometer", "PZ-B", 100.0, 10)
            .steady("settlement_marker", "SM-C", 1.0, 10)
            .repeat(1, 11, 12, 25)
            .poison(corpus);
    services.produce(topics.raw(), input.values, input.keys);

    // When the job runs until it has caught up
    JobConfig config = services.config(topics, db, work.resolve(name).toString(), 1000);
    try (StreamingJob job = StreamingJob.start(spark, config)) {
      job.awaitCaughtUp();

      // Then PostgreSQL holds 30 readings and every poison record, and the ledger accounts for
      // every input
      assertThat(services.count(db, "SELECT count(*) FROM pipeline_v1.readings")).isEqualTo(30);
      assertThat(services.count(db, "SELECT count(*) FROM pipeline_v1.rejections"))
          .isEqualTo(corpus.size());
      Map<String, Object> ledger =
          services
              .rows(
                  db,
                  "SELECT sum(rows_in) AS rows_in, sum(accepted) AS accepted, sum(rejected) AS rejected,"
                      + " sum(duplicates) AS duplicates FROM pipeline_v1.batch_ledger WHERE query_name LIKE 'readings-v1%'")
              .get(0);
      assertThat(((Number) ledger.get("rows_in")).longValue()).isEqualTo(input.values.size());
      assertThat(((Number) ledger.get("accepted")).longValue()).isEqualTo(30);
      assertThat(((Number) ledger.get("rejected")).longValue()).isEqualTo(corpus.size());
      assertThat(((Number) ledger.get("duplicates")).longValue()).isEqualTo(4);
      // ... the aggregates count each reading once
      assertThat(
              services.count(
                  db, "SELECT sum(count) FROM pipeline_v1.aggregates WHERE window_size = 'PT1M'"))
          .isEqualTo(30);

      // ... and the topics carry the same: readings, aggregates, and a dead letter with its reason
      // per poison record
      List<ConsumerRecord<byte[], byte[]>> readings = services.readAll(topics.readings());
      assertThat(readings).hasSize(30);
      assertThat(readings)
          .allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).contains(":"));
      assertThat(services.readAll(topics.aggregates())).isNotEmpty();
      List<DeadLetter> dlq =
          services.readAll(topics.dlq()).stream()
              .map(r -> read(r.value(), DeadLetter.class))
              .toList();
      assertThat(dlq).hasSize(corpus.size());
      Map<String, List<RejectCode>> codesByKey =
          dlq.stream()
              .collect(
                  Collectors.toMap(
                      DeadLetter::key, d -> d.reasons().stream().map(Rejection::code).toList()));
      for (PoisonCorpus.Poison p : corpus) {
        assertThat(codesByKey.get("poison:" + p.kind())).as(p.kind()).contains(p.expected());
      }
      assertThat(dlq)
          .allSatisfy(
              d -> {
                assertThat(d.sourceTopic()).isEqualTo(topics.raw());
                assertThat(d.sourceOffset()).isNotNull();
              });

      // When more data follows the poison
      Series more = new Series();
      more.add(
          RawRecords.v1(
              RawRecords.v1Standpipe("BH-Z", "2024-05-01T10:10:00Z", 70.0),
              java.time.Instant.parse("2024-05-01T10:10:05Z")),
          "water_standpipe:BH-Z");
      services.produce(topics.raw(), more.values, more.keys);
      job.awaitCaughtUp();

      // Then the query is still running and processed it
      assertThat(job.readingsQuery().isActive()).isTrue();
      assertThat(
              services.count(
                  db, "SELECT count(*) FROM pipeline_v1.readings WHERE borehole_number = 'BH-Z'"))
          .isEqualTo(1);
    }
  }

  @Test
  void risingStandpipeCrossingAlertThenAlarmProducesExactlyThoseTwoAlertsInOrder()
      throws Exception {
    // Given a standpipe rising 0.3 m per reading for 10 readings (alert at +1 m, alarm at +2 m
    // above the first)
    String name = ItServices.unique("rising");
    Topics topics = services.createTopics(name + ".", 1);
    String db = services.createDatabase(name);
    Series input = new Series().risingStandpipe("BH-R", 10);
    services.produce(topics.raw(), input.values, input.keys);

    // When the job processes it in small batches
    try (StreamingJob job =
        StreamingJob.start(spark, services.config(topics, db, work.resolve(name).toString(), 3))) {
      job.awaitCaughtUp();
    }

    // Then exactly two alerts, NORMAL→ALERT then ALERT→ALARM, on the topic and in PostgreSQL
    List<StatusAlert> alerts =
        services.readAll(topics.alerts()).stream()
            .map(r -> read(r.value(), StatusAlert.class))
            .toList();
    assertThat(alerts)
        .extracting(StatusAlert::previousStatus, StatusAlert::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(TriggerStatus.NORMAL, TriggerStatus.ALERT),
            org.assertj.core.groups.Tuple.tuple(TriggerStatus.ALERT, TriggerStatus.ALARM));
    assertThat(alerts).extracting(StatusAlert::value).containsExactly(81.2, 82.1);
    assertThat(
            services.rows(db, "SELECT previous_status, status FROM pipeline_v1.alerts ORDER BY ts"))
        .extracting(r -> r.get("previous_status") + "->" + r.get("status"))
        .containsExactly("NORMAL->ALERT", "ALERT->ALARM");
  }

  static <T> T read(byte[] json, Class<T> type) {
    try {
      return Json.MAPPER.readValue(json, type);
    } catch (Exception e) {
      throw new AssertionError(
          "not a " + type.getSimpleName() + ": " + new String(json, StandardCharsets.UTF_8), e);
    }
  }

  static void awaitBatches(StreamingJob job, long batches) {
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                job.readingsQuery().lastProgress() != null
                    && job.readingsQuery().lastProgress().batchId() >= batches - 1);
  }
}
