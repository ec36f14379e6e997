package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A row PostgreSQL refuses for its content (here a CHECK constraint the validator knows nothing of)
 * no longer stops the query: it is dead-lettered {@code STORE_REJECTED} with PostgreSQL's reason,
 * the rest of the batch is written once, and later batches go on.
 */
class UnwritableRowIT {
  @TempDir static Path work;
  @RegisterExtension static final ItServices services = new ItServices();
  private final SparkSession spark = TestSpark.session();

  @Test
  void aRowPostgresRefusesIsDeadLetteredAndTheBatchCompletes() throws Exception {
    // Given 35 good readings, 4 poison records; one reading (PZ-X) is valid but the database
    // refuses it
    String name = ItServices.unique("unwritable");
    Topics topics = services.createTopics(name + ".", 2);
    Series input =
        new Series()
            .risingStandpipe("BH-A", 12)
            .steady("piezometer", "PZ-B", 100.0, 12)
            .steady("extensometer", "EX-C", 2.0, 11)
            .steady("piezometer", "PZ-X", 100.0, 1)
            .poison(PoisonCorpus.all().subList(0, 4));
    services.produce(topics.raw(), input.values, input.keys);
    String db = services.createDatabase(name);
    new BatchStore(
            new BatchStoreConfig(
                db, services.postgres().username(), services.postgres().password()))
        .migrate(PipelineVersion.parse("v1"));
    execute(
        db,
        "ALTER TABLE pipeline_v1.readings ADD CONSTRAINT no_px_x CHECK (borehole_number <> 'PZ-X')");
    JobConfig config = services.config(topics, db, work.resolve(name).toString(), 1000);

    try (StreamingJob job = StreamingJob.start(spark, config)) {
      // When the job runs over it, then over one more good reading sent afterwards
      job.awaitCaughtUp();
      Series after = new Series().steady("settlement_marker", "SM-LATER", 1.0, 1);
      services.produce(topics.raw(), after.values, after.keys);
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

    // Then PostgreSQL holds the 35 good readings plus the later one, once each, and never PZ-X
    assertThat(services.count(db, "SELECT count(*) FROM pipeline_v1.readings")).isEqualTo(36);
    assertThat(services.count(db, "SELECT count(DISTINCT reading_id) FROM pipeline_v1.readings"))
        .isEqualTo(36);
    assertThat(
            services.count(
                db, "SELECT count(*) FROM pipeline_v1.readings WHERE borehole_number = 'PZ-X'"))
        .isZero();
    // ... the refused reading is among the rejections, keyed by its raw record, with PostgreSQL's
    // reason
    List<Map<String, Object>> refused =
        services.rows(
            db,
            "SELECT source_topic, reasons::text AS reasons FROM pipeline_v1.rejections"
                + " WHERE 'STORE_REJECTED' = ANY(codes)");
    assertThat(refused)
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get("source_topic")).isEqualTo(topics.raw());
              assertThat((String) row.get("reasons")).contains("no_px_x").contains("23514");
            });
    assertThat(services.count(db, "SELECT count(*) FROM pipeline_v1.rejections")).isEqualTo(5);
    // ... the ledger counts it as rejected, not accepted: served = accepted + rejected (+
    // duplicates)
    Map<String, Object> ledger =
        services
            .rows(
                db,
                "SELECT sum(rows_in) AS rows_in, sum(accepted) AS accepted, sum(rejected) AS rejected"
                    + " FROM pipeline_v1.batch_ledger")
            .get(0);
    assertThat(((Number) ledger.get("rows_in")).longValue()).isEqualTo(41);
    assertThat(((Number) ledger.get("accepted")).longValue()).isEqualTo(36);
    assertThat(((Number) ledger.get("rejected")).longValue()).isEqualTo(5);
    // ... and on Kafka: PZ-X is not among the published readings, its dead letter is on the DLQ
    // with the reason
    List<ConsumerRecord<byte[], byte[]>> readings = services.readAll(topics.readings());
    assertThat(readings)
        .hasSize(36)
        .noneMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains("PZ-X"));
    List<JsonNode> letters =
        services.readAll(topics.dlq()).stream().map(UnwritableRowIT::json).toList();
    assertThat(letters).hasSize(5);
    assertThat(letters)
        .filteredOn(l -> l.path("reasons").get(0).path("code").asText().equals("STORE_REJECTED"))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.path("reasons").get(0).path("message").asText()).contains("no_px_x");
              assertThat(l.path("value").asText()).contains("PZ-X");
              assertThat(l.path("source_topic").asText()).isEqualTo(topics.raw());
            });
  }

  private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
    try {
      return Json.MAPPER.readTree(record.value());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
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
