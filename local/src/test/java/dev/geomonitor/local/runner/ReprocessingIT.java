package dev.geomonitor.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Kappa reprocessing on the real embedded stack: v1 serves a seeded workload while v2, with
 * different trigger levels, replays the raw log from its first offset; the first v2 run is
 * interrupted and resumed from its checkpoint; readers are switched atomically and never see an
 * empty or missing index; and the guard rails refuse unsafe runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReprocessingIT {
  static final PipelineVersion V1 = PipelineVersion.parse("v1");
  static final PipelineVersion V2 = PipelineVersion.parse("v2");
  static final Path NEW_LEVELS = Paths.get("examples", "trigger-levels-v2.json").toAbsolutePath();

  static final HttpClient HTTP = HttpClient.newHttpClient();
  LocalStack stack;
  Reprocessing reprocessing;

  @BeforeAll
  void startStackServingV1() {
    Path dataDir = Paths.get("target", "reprocess-" + UUID.randomUUID()).toAbsolutePath();
    LocalSettings settings =
        new LocalSettings(
            dataDir,
            true,
            11,
            6,
            "v1",
            20.0,
            false,
            Duration.ofSeconds(2),
            0,
            0,
            V1,
            100_000,
            null,
            Duration.ofSeconds(5));
    stack = new LocalStack(settings, Topics.DEFAULT, line -> System.out.println("[stack] " + line));
    stack.startAll();
    reprocessing = new Reprocessing(stack, line -> System.out.println("[reprocess] " + line));
    long start = stack.producerLoop().totals().polls();
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> stack.producerLoop().totals().polls() >= start + 12);
  }

  @AfterAll
  void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void refusesToRebuildTheServingVersion() {
    assertThatThrownBy(() -> reprocessing.check(plan(V1, V1, false)))
        .isInstanceOf(Reprocessing.RefusedException.class)
        .hasMessageContaining("must differ");
    assertThatThrownBy(() -> reprocessing.check(plan(V2, PipelineVersion.parse("v3"), false)))
        .isInstanceOf(Reprocessing.RefusedException.class)
        .hasMessageContaining("readers see v1");
  }

  @Test
  @Order(2)
  void interruptedRunIsRefusedWithoutResumeThenResumesAndSwitchesReadersAtomically()
      throws Exception {
    // Given: a v2 run in small micro-batches, interrupted after its first ones were committed
    stack.prepareOutputs(V2);
    stack.startJob(V2, NEW_LEVELS, 50);
    Reconciliation sql = new Reconciliation(stack);
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                sql.count(
                        "SELECT count(*) FROM pipeline_v2.batch_ledger WHERE query_name LIKE 'readings-%'")
                    >= 2);
    stack.stopJob(V2);
    assertThatThrownBy(() -> reprocessing.check(plan(V1, V2, false)))
        .isInstanceOf(Reprocessing.RefusedException.class)
        .hasMessageContaining("already exist")
        .hasMessageContaining("--resume");

    // When: resumed, while a reader queries the aliases and views continuously
    ConcurrentLinkedQueue<String> anomalies = new ConcurrentLinkedQueue<>();
    List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    var reader = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    reader.scheduleWithFixedDelay(
        () -> readOnce(anomalies, seen), 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
    reprocessing.run(plan(V1, V2, true));
    reader.shutdown();
    assertThat(reader.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    // Then: readers moved to v2 in one step and never saw an empty or missing index
    assertThat(anomalies).as("what readers saw during the switch").isEmpty();
    assertThat(seen).as("queries made during the run").hasSizeGreaterThan(10);
    assertThat(stack.store().activeVersion()).contains(V2);
    assertThat(aliasTargets("readings")).containsExactly("readings-v2");
    assertThat(aliasTargets("alerts")).containsExactly("alerts-v2");
    assertThat(stack.job(V1)).as("v1 stopped after the switch").isNull();
    assertThat(stack.triggerLevels(V2).levelsFor("water_standpipe", "any").alert())
        .as("v2's levels, kept for a restart and drawn on the page")
        .isEqualTo(0.5);
    assertThat(stack.triggerLevels(V1).levelsFor("water_standpipe", "any").alert()).isEqualTo(1.0);

    // And: v2 holds every v1 reading (same raw log), no duplicates, each under its own version's
    // levels
    stack.stopProducer();
    stack.job(V2).awaitCaughtUp();
    Map<String, Double> v1 = values("pipeline_v1");
    Map<String, Double> v2 = values("pipeline_v2");
    assertThat(v2).containsAllEntriesOf(v1);
    assertThat(sql.count("SELECT count(*) - count(DISTINCT reading_id) FROM pipeline_v2.readings"))
        .isZero();
    assertStatusesFollow("pipeline_v1", TriggerLevelCatalog.defaults());
    assertStatusesFollow("pipeline_v2", TriggerLevelCatalog.withOverrides(NEW_LEVELS));
    assertThat(
            sql.count(
                "SELECT count(*) FROM pipeline_v2.alerts WHERE instrument = 'water_standpipe'"
                    + " AND level NOT IN (0, 0.5, 1.0, 1.5)"))
        .as("v2 standpipe alerts at other than the new levels")
        .isZero();
  }

  @Test
  @Order(3)
  void refusesWhenRetentionDeletedTheBeginningOfTheRawLog() throws Exception {
    stack
        .admin()
        .deleteRecords(
            Map.of(new TopicPartition(stack.topics().raw(), 0), RecordsToDelete.beforeOffset(1)))
        .all()
        .get();

    PipelineVersion serving = stack.store().activeVersion().orElseThrow();
    assertThatThrownBy(() -> reprocessing.check(plan(serving, PipelineVersion.parse("v3"), false)))
        .isInstanceOf(Reprocessing.RefusedException.class)
        .hasMessageContaining("no longer holds the beginning")
        .hasMessageContaining("partition 0 starts at offset 1");
  }

  private static Reprocessing.Plan plan(PipelineVersion from, PipelineVersion to, boolean resume) {
    return new Reprocessing.Plan(from, to, NEW_LEVELS, 200, resume, false, Duration.ofMinutes(8));
  }

  /**
   * Counts through the aliases and the views, as the live page does; anything empty or failing is
   * an anomaly.
   */
  private void readOnce(ConcurrentLinkedQueue<String> anomalies, List<Long> seen) {
    try {
      for (String alias : List.of("readings", "alerts")) {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create(stack.openSearch().httpUrl() + "/" + alias + "/_count"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        long n = r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()).get("count").asLong() : -1;
        if (n <= 0) {
          anomalies.add(alias + " alias: status " + r.statusCode() + ", count " + n);
        }
      }
      long rows = new Reconciliation(stack).count("SELECT count(*) FROM monitoring.readings");
      if (rows <= 0) {
        anomalies.add("monitoring.readings empty");
      }
      seen.add(rows);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      anomalies.add("query failed: " + e.getMessage());
    }
  }

  private List<String> aliasTargets(String alias) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(stack.openSearch().httpUrl() + "/_alias/" + alias))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    List<String> indexes = new ArrayList<>();
    Json.MAPPER.readTree(r.body()).fieldNames().forEachRemaining(indexes::add);
    return indexes;
  }

  private Map<String, Double> values(String schema) throws Exception {
    Map<String, Double> out = new HashMap<>();
    try (Connection c = stack.store().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT reading_id, value FROM " + schema + ".readings")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getDouble(2));
      }
    }
    return out;
  }

  /**
   * Every stored reading's status is what its version's trigger levels give for its value and
   * baseline.
   */
  private void assertStatusesFollow(String schema, TriggerLevelCatalog catalog) throws Exception {
    int checked = 0;
    try (Connection c = stack.store().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT instrument, borehole_number, value, baseline, trigger_status, reading_id FROM "
                    + schema
                    + ".readings")) {
      while (rs.next()) {
        TriggerLevels levels = catalog.levelsFor(rs.getString(1), rs.getString(2));
        assertThat(levels.statusOf(rs.getDouble(3), rs.getDouble(4)).name())
            .as("status of %s in %s", rs.getString(6), schema)
            .isEqualTo(rs.getString(5));
        checked++;
      }
    }
    assertThat(checked).as("readings checked in %s", schema).isPositive();
  }
}
