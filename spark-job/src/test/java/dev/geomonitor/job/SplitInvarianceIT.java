package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.Topics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kappa property, checked on the real job (Kafka source, per-series state, PostgreSQL writer):
 * for generated raw logs full of late, buffered, out-of-order, repeated and corrected readings of
 * several series and axes, the readings, alerts, aggregates and rejections are identical whatever
 * the micro-batch split — one record per batch, a small prime, unbounded — and when a run is
 * stopped mid-way and restarted from its checkpoint. Only processing-time fields (rejected_at, the
 * ledger's batch boundaries) are left out of the comparison.
 */
class SplitInvarianceIT {
  @TempDir static Path work;
  @RegisterExtension static final ItServices services = new ItServices();
  private final SparkSession spark = TestSpark.session();

  private static final String READINGS = "SELECT * FROM pipeline_v1.readings ORDER BY reading_id";
  private static final String ALERTS = "SELECT * FROM pipeline_v1.alerts ORDER BY alert_id";
  private static final String REJECTIONS =
      "SELECT source_topic, source_partition, source_offset, stage, codes::text, reasons::text, key, value"
          + " FROM pipeline_v1.rejections ORDER BY source_partition, source_offset";

  /** Means are rounded: another batching sums the same doubles in another order. */
  private static final String AGGREGATES =
      "SELECT aggregate_id, window_start, window_end, count, min, max, round(mean::numeric, 9) AS mean, first, last,"
          + " round(rate_per_hour::numeric, 9) AS rate, unit FROM pipeline_v1.aggregates ORDER BY aggregate_id";

  private static final String TOTALS =
      "SELECT sum(rows_in) AS rows_in, sum(accepted) AS accepted, sum(rejected) AS rejected,"
          + " sum(duplicates) AS duplicates, sum(beyond_horizon) AS beyond_horizon FROM pipeline_v1.batch_ledger";

  @ParameterizedTest(name = "log seed {0}")
  @ValueSource(longs = {11, 29})
  void everySplitAndARestartGiveTheSameOutputs(long seed) throws Exception {
    // Given a generated site log on a raw topic of two partitions
    SiteLog log = SiteLog.generate(seed, 14);
    String name = ItServices.unique("split" + seed);
    Topics topics = services.createTopics(name + ".", 2);
    services.produce(topics.raw(), log.values, log.keys);
    System.out.println("split invariance, seed " + seed + ": " + log.describe());

    // When the job runs it unbounded, in batches of 7, one record per batch, and in batches of 5
    // stopped after three
    Map<String, Map<String, List<Map<String, Object>>>> outputs = new LinkedHashMap<>();
    outputs.put("unbounded", run(topics, name + "_all", 100_000, 0, log.size()));
    outputs.put("batches of 7", run(topics, name + "_seven", 7, 0, log.size()));
    outputs.put("one record per batch", run(topics, name + "_one", 1, 0, log.size()));
    outputs.put(
        "stopped after 3 batches of 5 and restarted",
        run(topics, name + "_restart", 5, 3, log.size()));

    // Then every run left the same tables, and the log exercised what it should
    Map<String, List<Map<String, Object>>> reference = outputs.get("unbounded");
    for (var run : outputs.entrySet()) {
      for (String table : reference.keySet()) {
        assertThat(run.getValue().get(table))
            .as("%s: %s", run.getKey(), table)
            .isEqualTo(reference.get(table));
      }
    }
    assertThat(reference.get("totals"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(((Number) t.get("rows_in")).longValue()).isEqualTo(log.size());
              assertThat(((Number) t.get("duplicates")).longValue()).isPositive();
              // every reading published outside its windows is counted in the ledger, never left
              // out unseen
              assertThat(((Number) t.get("beyond_horizon")).longValue())
                  .isEqualTo(log.beyondHorizon);
            });
    // The three axes of SM-1 share their timestamps: each is its own series of 14 readings + one
    // beyond the horizon.
    assertThat(reference.get("readings"))
        .filteredOn(r -> "SM-1".equals(r.get("borehole_number")))
        .hasSize(3 * 15)
        .extracting(r -> r.get("axis"))
        .containsOnly("x", "y", "z");
    assertThat(reference.get("alerts")).extracting(r -> r.get("late")).contains(true, false);
    assertThat(reference.get("rejections"))
        .extracting(r -> (String) r.get("codes"))
        .anyMatch(c -> c.contains("CONFLICTING_READING"));
    assertThat(reference.get("aggregates")).isNotEmpty();
  }

  /**
   * One run on a fresh database and checkpoint; {@code stopAfter > 0} stops it after that many
   * batches, then resumes.
   */
  private Map<String, List<Map<String, Object>>> run(
      Topics topics, String name, long maxOffsets, int stopAfter, int logSize) throws Exception {
    String db = services.createDatabase(name);
    JobConfig config = services.config(topics, db, work.resolve(name).toString(), maxOffsets);
    if (stopAfter > 0) {
      try (StreamingJob job = StreamingJob.start(spark, config)) {
        StreamingJobIT.awaitBatches(job, stopAfter);
      }
      assertThat(
              services.count(db, "SELECT coalesce(sum(rows_in), 0) FROM pipeline_v1.batch_ledger"))
          .as("the first part of the run stopped before the end of the log")
          .isLessThan(logSize);
    }
    try (StreamingJob job = StreamingJob.start(spark, config)) {
      job.awaitCaughtUp();
    }
    Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
    tables.put("readings", services.rows(db, READINGS));
    tables.put("alerts", services.rows(db, ALERTS));
    tables.put("aggregates", services.rows(db, AGGREGATES));
    tables.put("rejections", services.rows(db, REJECTIONS));
    tables.put("totals", services.rows(db, TOTALS));
    return tables;
  }
}
