package dev.geomonitor.batchstore;

import static dev.geomonitor.batchstore.Records.aggregate;
import static dev.geomonitor.batchstore.Records.alert;
import static dev.geomonitor.batchstore.Records.reading;
import static dev.geomonitor.batchstore.Records.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.domain.WindowAggregate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class BatchWriterIT {
  private static final PipelineVersion V1 = new PipelineVersion(1);
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private static final List<String> TABLES =
      List.of(
          "pipeline_v1.readings",
          "pipeline_v1.aggregates",
          "pipeline_v1.alerts",
          "pipeline_v1.rejections",
          "pipeline_v1.batch_ledger");

  private BatchStore store;
  private DataSource ds;
  private ExecutorService pool;

  @BeforeEach
  void setUp(BatchStoreConfig config) {
    store = new BatchStore(config);
    store.migrate(V1);
    ds = store.dataSource();
  }

  @AfterEach
  void tearDown() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Test
  void writeBatchWritesEveryRowAndItsLedgerEntry() {
    // Given
    BatchContent content = sampleBatch(85.0);

    // When
    boolean committed = store.writeBatch(V1, "readings", 0, content);

    // Then
    assertThat(committed).isTrue();
    assertThat(Tables.count(ds, "pipeline_v1.readings")).isEqualTo(3);
    assertThat(Tables.count(ds, "pipeline_v1.aggregates")).isEqualTo(1);
    assertThat(Tables.count(ds, "pipeline_v1.alerts")).isEqualTo(1);
    assertThat(Tables.count(ds, "pipeline_v1.rejections")).isEqualTo(2);
    assertThat(
            Tables.rows(
                ds,
                "SELECT query_name, batch_id, rows_in, accepted, rejected, duplicates, readings,"
                    + " aggregates, alerts, rejections FROM pipeline_v1.batch_ledger"))
        .containsExactly(List.of("readings", "0", "6", "3", "2", "1", "3", "1", "1", "2"));
    assertThat(
            Tables.rows(
                ds,
                "SELECT r.reading_id, r.value, r.trigger_status, j.codes::text, j.reasons->0->>'code'"
                    + " FROM pipeline_v1.readings r JOIN pipeline_v1.rejections j ON j.source_partition = 0"
                    + " WHERE r.ts = '2024-03-01T10:00:00Z' AND r.borehole_number = 'BH-1'"))
        .containsExactly(
            List.of(
                "water_standpipe:BH-1:2024-03-01T10:00:00.000Z",
                "85",
                "NORMAL",
                "{VALUE_OUT_OF_RANGE,FUTURE_TIMESTAMP}",
                "VALUE_OUT_OF_RANGE"));
  }

  @Test
  void aReplayedBatchLeavesEveryTableUnchangedAndReturnsFalse() {
    // Given
    store.writeBatch(V1, "readings", 7, sampleBatch(85.0));
    Map<String, List<String>> before = snapshot();

    // When: Spark replays batch 7 after a restart (here even with different values, which must not
    // win)
    boolean committed = store.writeBatch(V1, "readings", 7, sampleBatch(99.0));

    // Then
    assertThat(committed).isFalse();
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void anUpsertOfAChangedRowWithTheSameKeyUpdatesIt() {
    // Given
    store.writeBatch(
        V1,
        "readings",
        0,
        BatchContent.ofReadings(
            List.of(reading(V1, "BH-1", T0, 85.0)), List.of(), List.of(), null));

    // When
    boolean committed =
        store.writeBatch(
            V1,
            "readings",
            1,
            BatchContent.ofReadings(
                List.of(reading(V1, "BH-1", T0, 84.25, TriggerStatus.ALERT)),
                List.of(),
                List.of(),
                null));

    // Then
    assertThat(committed).isTrue();
    assertThat(Tables.rows(ds, "SELECT value, trigger_status FROM pipeline_v1.readings"))
        .containsExactly(List.of("84.25", "ALERT"));
    assertThat(Tables.count(ds, "pipeline_v1.batch_ledger")).isEqualTo(2);
  }

  @Test
  void aBatchWithOneStoredReadingAmongNewOnesStoresThemAllThroughTheMerge() {
    // Given BH-1 at T0 stored (readings go straight in with COPY while they are all new)
    store.writeBatch(
        V1,
        "readings",
        0,
        BatchContent.ofReadings(
            List.of(reading(V1, "BH-1", T0, 85.0)), List.of(), List.of(), null));

    // When a batch of new readings also carries BH-1 at T0 changed (the COPY hits the key, the
    // merge takes over)
    List<EnrichedReading> batch = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      batch.add(reading(V1, "BH-2", T0.plusSeconds(i), 80.0 + i));
    }
    batch.add(reading(V1, "BH-1", T0, 84.25, TriggerStatus.ALERT));
    boolean committed =
        store.writeBatch(
            V1,
            "readings",
            1,
            new RenderedBatch(batch.stream().map(CopyLine::of).toList(), null, null, null, null));

    // Then every new reading is stored once and the stored one is updated
    assertThat(committed).isTrue();
    assertThat(Tables.count(ds, "pipeline_v1.readings")).isEqualTo(51);
    assertThat(
            Tables.rows(
                ds,
                "SELECT value, trigger_status FROM pipeline_v1.readings WHERE borehole_number = 'BH-1'"))
        .containsExactly(List.of("84.25", "ALERT"));
    assertThat(
            Tables.column(
                ds, "SELECT sum(value) FROM pipeline_v1.readings WHERE borehole_number = 'BH-2'"))
        .containsExactly(String.valueOf(50 * 80 + 50 * 51 / 2));
  }

  @Test
  void aFailureMidBatchRollsBackEveryRowAndTheLedgerEntry() {
    // Given: the readings are fine, the aggregate after them breaks a CHECK constraint (window ends
    // before it starts)
    WindowAggregate good = aggregate(V1, "BH-1", T0, 84.0, 85.0);
    WindowAggregate broken =
        new WindowAggregate(
            good.aggregateId(),
            good.pipelineVersion(),
            good.instrument(),
            good.boreholeNumber(),
            good.windowStart(),
            good.windowStart().minusSeconds(60),
            good.windowSize(),
            good.count(),
            good.min(),
            good.max(),
            good.mean(),
            good.first(),
            good.last(),
            good.ratePerHour(),
            good.unit(),
            good.lat(),
            good.lon(),
            good.revision());
    BatchContent content =
        new BatchContent(sampleBatch(85.0).readings(), List.of(broken), List.of(), List.of(), null);

    // When / Then
    assertThatThrownBy(() -> store.writeBatch(V1, "readings", 3, content))
        .isInstanceOf(BatchStoreException.class)
        .hasMessageContaining("batch 3 of query readings")
        .hasMessageContaining("23514")
        .satisfies(e -> assertThat(((BatchStoreException) e).isTransient()).isFalse());
    for (String table : TABLES) {
      assertThat(Tables.count(ds, table)).as(table).isZero();
    }

    // And the same batch, fixed, is written by the retry: the ledger entry did not survive the
    // failure
    assertThat(store.writeBatch(V1, "readings", 3, sampleBatch(85.0))).isTrue();
    assertThat(Tables.count(ds, "pipeline_v1.readings")).isEqualTo(3);
  }

  @Test
  void twoQueriesKeepTheirOwnLedgerEntriesForTheSameBatchId() {
    // When
    boolean readings =
        store.writeBatch(
            V1,
            "readings",
            0,
            BatchContent.ofReadings(
                List.of(reading(V1, "BH-1", T0, 85.0)), List.of(), List.of(), null));
    boolean aggregates =
        store.writeBatch(
            V1,
            "aggregates",
            0,
            BatchContent.ofAggregates(List.of(aggregate(V1, "BH-1", T0, 84.0, 85.0)), null));
    boolean replay =
        store.writeBatch(
            V1,
            "aggregates",
            0,
            BatchContent.ofAggregates(List.of(aggregate(V1, "BH-2", T0, 84.0, 85.0)), null));

    // Then
    assertThat(List.of(readings, aggregates, replay)).containsExactly(true, true, false);
    assertThat(Tables.column(ds, "SELECT query_name FROM pipeline_v1.batch_ledger ORDER BY 1"))
        .containsExactly("aggregates", "readings");
    assertThat(Tables.column(ds, "SELECT borehole_number FROM pipeline_v1.aggregates"))
        .containsExactly("BH-1");
  }

  @Test
  void concurrentAttemptsAtTheSameBatchCommitItExactlyOnce() throws Exception {
    // Given
    pool = Executors.newFixedThreadPool(4);
    Callable<Boolean> attempt = () -> store.writeBatch(V1, "readings", 42, sampleBatch(85.0));

    // When
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(pool.submit(attempt));
    }
    List<Boolean> outcomes = new ArrayList<>();
    for (Future<Boolean> f : results) {
      outcomes.add(f.get());
    }

    // Then
    assertThat(outcomes).containsOnlyOnce(true);
    assertThat(Tables.count(ds, "pipeline_v1.readings")).isEqualTo(3);
  }

  @Test
  void rejectionsSeenAgainUnderANewBatchIdAreNotCountedTwice() {
    // Given
    store.writeBatch(V1, "readings", 0, sampleBatch(85.0));

    // When: the checkpoint was lost and the same offsets come back as a new batch
    store.writeBatch(V1, "readings", 1, sampleBatch(85.0));

    // Then
    assertThat(Tables.count(ds, "pipeline_v1.rejections")).isEqualTo(2);
    assertThat(Tables.count(ds, "pipeline_v1.readings")).isEqualTo(3);
  }

  @Test
  void theLastRecordOfAKeyWithinOneBatchWins() {
    // When
    store.writeBatch(
        V1,
        "readings",
        0,
        BatchContent.ofReadings(
            List.of(reading(V1, "BH-1", T0, 85.0), reading(V1, "BH-1", T0, 84.5)),
            List.of(),
            List.of(),
            null));

    // Then
    assertThat(Tables.column(ds, "SELECT value FROM pipeline_v1.readings")).containsExactly("84.5");
    assertThat(Tables.column(ds, "SELECT readings FROM pipeline_v1.batch_ledger"))
        .containsExactly("1");
  }

  @Test
  void textWithTabsNewlinesBackslashesQuotesAndNulSurvivesTheCopy() {
    // Given
    String awkward =
        "{\"borehole_number\":\"BH\t9\\n\",\n\"note\":\"quote \\\" back\\\\slash {a,b} NULL \\N é 水\"}";
    String nul = "before\0after";
    EnrichedReading r = reading(V1, "BH\t\"9\\\n{x,y}", T0, 85.0);

    // When
    store.writeBatch(
        V1,
        "readings",
        0,
        BatchContent.ofReadings(
            List.of(r),
            List.of(),
            List.of(
                rejection("monitoring.raw", 0, 1, awkward), rejection("monitoring.raw", 0, 2, nul)),
            null));

    // Then
    assertThat(Tables.column(ds, "SELECT borehole_number FROM pipeline_v1.readings"))
        .containsExactly("BH\t\"9\\\n{x,y}");
    assertThat(Tables.column(ds, "SELECT value FROM pipeline_v1.rejections ORDER BY source_offset"))
        .containsExactly(awkward, "before\uFFFDafter");
  }

  @Test
  void writingToAVersionThatWasNeverMigratedFailsAndSaysToMigrate() {
    // When / Then
    assertThatThrownBy(
            () -> store.writeBatch(new PipelineVersion(9), "readings", 0, sampleBatch(85.0)))
        .isInstanceOf(BatchStoreException.class)
        .hasMessageContaining("call BatchStore.migrate(v9) first");
  }

  @Test
  void aRejectionWithoutKafkaCoordinatesIsRefusedBeforeAnythingIsWritten() {
    // Given
    var fromHttp =
        dev.geomonitor.domain.DeadLetter.fromHttp(
            List.of(), "http://api/params/all/", "<html>", T0);

    // When / Then
    assertThatThrownBy(
            () ->
                store.writeBatch(
                    V1,
                    "readings",
                    0,
                    BatchContent.ofReadings(
                        List.of(reading(V1, "BH-1", T0, 85.0)),
                        List.of(),
                        List.of(fromHttp),
                        null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source_offset");
    assertThat(Tables.count(ds, "pipeline_v1.batch_ledger")).isZero();
  }

  @Test
  void aBatchRenderedAheadStoresExactlyWhatTheRecordsWouldWithTheLastLineOfAKeyWinning() {
    // Given the sample batch as records for v1 and as COPY lines for v2, the lines with an earlier
    // version of one
    // reading in front (a corrected record after the original)
    PipelineVersion v2 = new PipelineVersion(2);
    store.migrate(v2);
    BatchContent content = sampleBatch(85.0);
    List<CopyLine> readings = new ArrayList<>();
    readings.add(CopyLine.of(reading(V1, "BH-1", T0, 1.0)));
    content.readings().forEach(r -> readings.add(CopyLine.of(r)));
    RenderedBatch rendered =
        new RenderedBatch(
            readings,
            content.aggregates().stream().map(CopyLine::of).toList(),
            content.alerts().stream().map(CopyLine::of).toList(),
            content.rejections().stream().map(CopyLine::of).toList(),
            content.counts());

    // When both are written, and the rendered one is replayed
    assertThat(store.writeBatch(V1, "readings", 0, content)).isTrue();
    assertThat(store.writeBatch(v2, "readings", 0, rendered)).isTrue();
    List<String> once = Tables.contents(ds, "pipeline_v2.readings");
    assertThat(store.writeBatch(v2, "readings", 0, rendered)).isFalse();

    // Then every table holds the same rows, the ledger the same counts, and the replay changed
    // nothing
    for (String table : List.of("readings", "aggregates", "alerts", "rejections")) {
      assertThat(Tables.contents(ds, "pipeline_v2." + table))
          .as(table)
          .isNotEmpty()
          .isEqualTo(Tables.contents(ds, "pipeline_v1." + table));
    }
    String ledger =
        "SELECT query_name, batch_id, rows_in, accepted, rejected, duplicates, readings, aggregates, alerts,"
            + " rejections FROM %s.batch_ledger";
    assertThat(Tables.rows(ds, ledger.formatted("pipeline_v2")))
        .isEqualTo(Tables.rows(ds, ledger.formatted("pipeline_v1")));
    assertThat(Tables.contents(ds, "pipeline_v2.readings")).isEqualTo(once);
  }

  private static BatchContent sampleBatch(double firstValue) {
    return new BatchContent(
        List.of(
            reading(V1, "BH-1", T0, firstValue),
            reading(V1, "BH-1", T0.plusSeconds(60), 84.0, TriggerStatus.ALERT),
            reading(V1, "BH-2", T0, 90.0)),
        List.of(aggregate(V1, "BH-1", T0, 84.0, firstValue)),
        List.of(
            alert(V1, "BH-1", T0.plusSeconds(60), TriggerStatus.NORMAL, TriggerStatus.ALERT, 84.0)),
        List.of(
            rejection("monitoring.raw", 0, 17, "{\"water_level\":9999}"),
            rejection("monitoring.raw", 1, 17, "{\"timestamp\":\"2099-01-01\"}")),
        new BatchCounts(6, 3, 2, 1));
  }

  private Map<String, List<String>> snapshot() {
    return Map.of(
        TABLES.get(0), Tables.contents(ds, TABLES.get(0)),
        TABLES.get(1), Tables.contents(ds, TABLES.get(1)),
        TABLES.get(2), Tables.contents(ds, TABLES.get(2)),
        TABLES.get(3), Tables.contents(ds, TABLES.get(3)),
        TABLES.get(4), Tables.contents(ds, TABLES.get(4)));
  }
}
