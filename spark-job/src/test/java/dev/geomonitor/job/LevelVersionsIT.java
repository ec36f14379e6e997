package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.batchstore.TriggerLevelVersions;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.domain.TriggerLevelVersion;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.ValidationPolicy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review levels changed while the job runs: an engineer adds a version for one standpipe; readings
 * stamped before its effective_from keep the old levels (even one that arrives after it took
 * effect), readings stamped at or after it get the new ones; then a new pipeline version replaying
 * the same raw log from scratch produces exactly the same readings and alerts. The grace is lowered
 * to 5 s (reload interval 1 s, future tolerance 2 s) so the test runs in seconds.
 */
class LevelVersionsIT {
  @TempDir static Path work;
  @RegisterExtension static final ItServices services = new ItServices();
  private final SparkSession spark = TestSpark.session();

  private static final String BOREHOLE = "BH-LV";
  private static final String READINGS =
      "SELECT ts, value, baseline, trigger_status FROM %s.readings ORDER BY ts";
  private static final String ALERTS =
      "SELECT ts, status, previous_status, value, baseline, level FROM %s.alerts ORDER BY ts";

  @Test
  void aVersionAddedWhileTheJobRunsAppliesFromItsEffectiveFromAndAReplayAgrees() throws Exception {
    // Given a running job with a 5 s grace in the database
    String name = ItServices.unique("levels");
    Topics topics = services.createTopics(name + ".", 1);
    String db = services.createDatabase(name);
    BatchStoreConfig storeConfig =
        new BatchStoreConfig(db, services.postgres().username(), services.postgres().password());
    BatchStore store = new BatchStore(storeConfig);
    store.migrate(new PipelineVersion(1));
    execute(store, "UPDATE monitoring.trigger_level_policy SET grace = interval '5 seconds'");
    ValidationPolicy site =
        new ValidationPolicy(
            Duration.ofSeconds(2),
            ValidationPolicy.DEFAULT.siteEpoch(),
            ValidationPolicy.DEFAULT.grid(),
            ValidationPolicy.DEFAULT.crs());
    JobConfig live =
        services.config(topics, db, work.resolve(name + "-live").toString(), 1000).toBuilder()
            .levelsReloadInterval(Duration.ofSeconds(1))
            .site(site)
            .build();
    List<byte[]> log = new ArrayList<>();
    Instant effectiveFrom;
    try (StreamingJob job = StreamingJob.start(spark, live)) {
      // When two readings arrive under the shipped levels (Alert at 1 m from the first reading)
      Instant t0 = now().minusSeconds(2);
      send(topics, log, t0, 80.0);
      send(topics, log, t0.plusSeconds(1), 80.6);
      awaitReadings(db, "pipeline_v1", 2);
      // ... an engineer tightens this standpipe's levels (Alert 0.5, Alarm 0.7, Action 0.9)
      TriggerLevelVersion version =
          new TriggerLevelVersions(store.dataSource())
              .add(
                  new TriggerLevels(
                      "water_standpipe",
                      BOREHOLE,
                      TriggerLevels.Direction.BOTH,
                      null,
                      0.5,
                      0.7,
                      0.9),
                  null,
                  "j.smith",
                  "drawdown trial: tighter levels");
      effectiveFrom = version.effectiveFrom();
      // ... a reading stamped before it takes effect
      send(topics, log, now(), 80.6);
      awaitReadings(db, "pipeline_v1", 3);
      await().until(() -> now().isAfter(effectiveFrom.plusMillis(200)));
      // ... then, after it took effect, a reading stamped after it, a late one stamped before it,
      // and another after it
      send(topics, log, now(), 80.6);
      send(topics, log, effectiveFrom.minusMillis(500), 80.8);
      send(topics, log, now().plusMillis(100), 80.75);
      awaitReadings(db, "pipeline_v1", 6);
    }

    // Then each reading was judged by the levels in force at its event time
    List<Map<String, Object>> readings = services.rows(db, READINGS.formatted("pipeline_v1"));
    List<String> statuses = new ArrayList<>();
    for (Map<String, Object> r : readings) {
      Instant ts = ((java.sql.Timestamp) r.get("ts")).toInstant();
      statuses.add((ts.isBefore(effectiveFrom) ? "before " : "after ") + r.get("trigger_status"));
    }
    assertThat(statuses)
        .containsExactly(
            "before NORMAL",
            "before NORMAL",
            "before NORMAL",
            "before NORMAL", // the late reading: 0.8 m is under the old Alert (1 m)
            "after ALERT",
            "after ALARM");
    List<Map<String, Object>> alerts = services.rows(db, ALERTS.formatted("pipeline_v1"));
    assertThat(alerts)
        .extracting(a -> a.get("previous_status") + "->" + a.get("status"))
        .containsExactly("NORMAL->ALERT", "ALERT->ALARM");

    // ... and the exceedances view shows the levels that judged the latest reading
    assertThat(
            services.rows(
                db,
                "SELECT trigger_status, alert::text || '/' || alarm::text || '/' || action::text AS"
                    + " levels FROM monitoring.current_exceedances"))
        .containsExactly(Map.of("trigger_status", "ALARM", "levels", "0.5/0.7/0.9"));

    // When a new pipeline version replays the raw log from the beginning, on a fresh checkpoint
    JobConfig replay =
        live.toBuilder()
            .pipelineVersion(new PipelineVersion(2))
            .checkpointLocation(work.resolve(name + "-replay").toString())
            .build();
    try (StreamingJob job = StreamingJob.start(spark, replay)) {
      job.awaitCaughtUp();
    }

    // Then it applied the levels that were in force: the same readings and alerts
    assertThat(log).hasSize(6);
    assertThat(services.rows(db, READINGS.formatted("pipeline_v2"))).isEqualTo(readings);
    assertThat(services.rows(db, ALERTS.formatted("pipeline_v2"))).isEqualTo(alerts);
  }

  /**
   * A version with a clearing band and persistence: a level flapping around the Alert line raises
   * one alert and one all-clear in the running job, and a replay one record per micro-batch gives
   * the same readings and alerts.
   */
  @Test
  void aFlappingLevelUnderAVersionWithHysteresisRaisesOneAlertAndAReplayAgrees() throws Exception {
    // Given a running job and a version for this standpipe: Alert 1 m rising from 80.0, two
    // readings in a row to change status, a 0.3 m clearing band
    String name = ItServices.unique("held");
    Topics topics = services.createTopics(name + ".", 1);
    String db = services.createDatabase(name);
    BatchStore store =
        new BatchStore(
            new BatchStoreConfig(
                db, services.postgres().username(), services.postgres().password()));
    store.migrate(new PipelineVersion(1));
    execute(store, "UPDATE monitoring.trigger_level_policy SET grace = interval '5 seconds'");
    JobConfig live =
        services.config(topics, db, work.resolve(name + "-live").toString(), 1000).toBuilder()
            .levelsReloadInterval(Duration.ofSeconds(1))
            .site(
                new ValidationPolicy(
                    Duration.ofSeconds(2),
                    ValidationPolicy.DEFAULT.siteEpoch(),
                    ValidationPolicy.DEFAULT.grid(),
                    ValidationPolicy.DEFAULT.crs()))
            .build();
    TriggerLevelVersion version =
        new TriggerLevelVersions(store.dataSource())
            .add(
                new TriggerLevels(
                    "water_standpipe",
                    BOREHOLE,
                    TriggerLevels.Direction.RISE,
                    80.0,
                    1.0,
                    2.0,
                    3.0,
                    2,
                    0.3),
                null,
                "j.smith",
                "pump cycling: debounce the Alert line");
    double[] flapping = {80.2, 81.1, 81.05, 80.95, 81.1, 80.9, 81.02, 80.8, 80.6, 80.5, 80.4};
    // The readings are stamped one a second up to now: all of them after the version's
    // effective_from once that lies flapping.length + 1 seconds in the past.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> now().isAfter(version.effectiveFrom().plusSeconds(flapping.length + 1L)));
    List<byte[]> log = new ArrayList<>();
    try (StreamingJob job = StreamingJob.start(spark, live)) {
      // When the level flaps around the Alert line, a reading a second (sent as they come)
      Instant t0 = now().minusSeconds(flapping.length);
      assertThat(t0).isAfter(version.effectiveFrom());
      for (int i = 0; i < flapping.length; i++) {
        send(topics, log, t0.plusSeconds(i), flapping[i]);
      }
      awaitReadings(db, "pipeline_v1", flapping.length);
    }

    // Then one alert when two readings in a row were over the line, one all-clear when two in a
    // row were under it by the band, nothing in between
    List<Map<String, Object>> alerts = services.rows(db, ALERTS.formatted("pipeline_v1"));
    assertThat(alerts)
        .extracting(
            a -> a.get("previous_status") + "->" + a.get("status") + " at " + a.get("value"))
        .containsExactly("NORMAL->ALERT at 81.05", "ALERT->NORMAL at 80.5");

    // When a new pipeline version replays the log one record per micro-batch
    JobConfig replay =
        live.toBuilder()
            .pipelineVersion(new PipelineVersion(2))
            .checkpointLocation(work.resolve(name + "-replay").toString())
            .maxOffsetsPerTrigger(1)
            .build();
    try (StreamingJob job = StreamingJob.start(spark, replay)) {
      job.awaitCaughtUp();
    }

    // Then the same readings and alerts
    assertThat(services.rows(db, ALERTS.formatted("pipeline_v2"))).isEqualTo(alerts);
    assertThat(services.rows(db, READINGS.formatted("pipeline_v2")))
        .isEqualTo(services.rows(db, READINGS.formatted("pipeline_v1")));
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static void send(Topics topics, List<byte[]> log, Instant ts, double level)
      throws Exception {
    ObjectNode item = RawRecords.v1Standpipe(BOREHOLE, ts.toString(), level);
    byte[] value = RawRecords.v1(item, Instant.now());
    log.add(value);
    services.produce(topics.raw(), List.of(value), List.of("water_standpipe:" + BOREHOLE));
  }

  private static void awaitReadings(String db, String schema, long n) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> services.count(db, "SELECT count(*) FROM " + schema + ".readings") == n);
  }

  private static void execute(BatchStore store, String sql) throws Exception {
    try (Connection c = store.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
