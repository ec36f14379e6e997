package dev.geomonitor.batchstore;

import static dev.geomonitor.batchstore.Records.aggregate;
import static dev.geomonitor.batchstore.Records.reading;
import static dev.geomonitor.batchstore.Records.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.domain.PipelineVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Output partitions of a micro-batch written as independent transactions, each with its ledger row.
 */
@ExtendWith(PostgresExtension.class)
class PartitionWriteIT {
  private static final PipelineVersion V1 = new PipelineVersion(1);
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  private BatchStore store;
  private DataSource ds;

  @BeforeEach
  void setUp(BatchStoreConfig config) {
    store = new BatchStore(config);
    store.migrate(V1);
    ds = store.dataSource();
  }

  @Test
  void partitionsCommitIndependentlyAndTheLedgerViewSumsThemPerBatch() {
    // Given partition 0 with two readings and a rejection, partition 1 with one reading and the
    // batch's tally of 5
    try (PartitionWrite p0 = store.openPartition(V1, "readings-v1", 3, 0).orElseThrow()) {
      p0.reading(CopyLine.of(reading(V1, "BH-1", T0, 85.0)));
      p0.reading(CopyLine.of(reading(V1, "BH-1", T0.plusSeconds(60), 85.1)));
      p0.rejection(CopyLine.of(rejection("raw", 0, 7, "{")));
      p0.commit(new BatchCounts(0, 2, 1, BatchCounts.UNKNOWN), () -> {});
    }
    try (PartitionWrite p1 = store.openPartition(V1, "readings-v1", 3, 1).orElseThrow()) {
      p1.reading(CopyLine.of(reading(V1, "BH-2", T0, 90.0)));
      p1.commit(new BatchCounts(5, 1, 0, BatchCounts.UNKNOWN), () -> {});
    }

    // Then each partition has its ledger row, and the per-batch view accounts for the batch: 5 = 3
    // + 1 + 1 duplicate
    assertThat(
            Tables.rows(
                ds,
                "SELECT output_partition, rows_in, accepted, rejected, readings, rejections"
                    + " FROM pipeline_v1.batch_partitions ORDER BY output_partition"))
        .containsExactly(
            List.of("0", "0", "2", "1", "2", "1"), List.of("1", "5", "1", "0", "1", "0"));
    assertThat(
            Tables.rows(
                ds,
                "SELECT batch_id, rows_in, accepted, rejected, duplicates, readings, rejections"
                    + " FROM monitoring.batch_ledger"))
        .containsExactly(List.of("3", "5", "3", "1", "1", "3", "1"));
    assertThat(Tables.count(ds, "pipeline_v1.readings")).isEqualTo(3);
  }

  @Test
  void aCommittedPartitionCannotBeOpenedAgainAndAnUncommittedOneLeavesNothing() {
    // Given partition 0 committed, and partition 1 opened, written and closed without a commit (a
    // failed task)
    try (PartitionWrite p0 = store.openPartition(V1, "q", 0, 0).orElseThrow()) {
      p0.reading(CopyLine.of(reading(V1, "BH-1", T0, 85.0)));
      p0.commit(new BatchCounts(1, 1, 0, BatchCounts.UNKNOWN), () -> {});
    }
    try (PartitionWrite p1 = store.openPartition(V1, "q", 0, 1).orElseThrow()) {
      p1.reading(CopyLine.of(reading(V1, "BH-2", T0, 85.0)));
    }

    // When the batch is replayed
    Optional<PartitionWrite> again0 = store.openPartition(V1, "q", 0, 0);
    Optional<PartitionWrite> again1 = store.openPartition(V1, "q", 0, 1);

    // Then partition 0 is refused (skip it), partition 1 starts over from nothing
    assertThat(again0).isEmpty();
    assertThat(again1).isPresent();
    again1.get().close();
    assertThat(Tables.column(ds, "SELECT borehole_number FROM pipeline_v1.readings"))
        .containsExactly("BH-1");
    assertThat(Tables.count(ds, "pipeline_v1.batch_partitions")).isEqualTo(1);
  }

  @Test
  void aPartitionOfABatchWrittenWholeCountsAsCommitted() {
    // Given batch 4 written in one transaction (as before per-partition ledgering)
    store.writeBatch(
        V1,
        "q",
        4,
        BatchContent.ofReadings(
            List.of(reading(V1, "BH-1", T0, 85.0)), List.of(), List.of(), null));

    // Then none of its partitions can be written again
    assertThat(store.openPartition(V1, "q", 4, 0)).isEmpty();
    assertThat(store.openPartition(V1, "q", 4, 7)).isEmpty();
    assertThat(Tables.count(ds, "pipeline_v1.batch_ledger")).isEqualTo(1);
  }

  @Test
  void rowsFlowInChunksAndTheLastLineOfAKeyWinsAcrossChunks() {
    // Given more readings than one chunk, the first one repeated with another value after the chunk
    // boundary
    int n = PartitionWrite.CHUNK_LINES + 500;
    try (PartitionWrite p = store.openPartition(V1, "q", 0, 0).orElseThrow()) {
      for (int i = 0; i < n; i++) {
        p.reading(CopyLine.of(reading(V1, "BH-1", T0.plusSeconds(i), 85.0)));
      }
      p.reading(CopyLine.of(reading(V1, "BH-1", T0, 99.0)));
      p.commit(new BatchCounts(n + 1, n + 1, 0, BatchCounts.UNKNOWN), () -> {});
    }

    // Then every key is stored once, with its last value
    assertThat(Tables.count(ds, "pipeline_v1.readings")).isEqualTo(n);
    assertThat(Tables.column(ds, "SELECT value FROM pipeline_v1.readings WHERE ts = '" + T0 + "'"))
        .containsExactly("99");
  }

  /**
   * Records what the write reports; refused rows are replaced by a rejection row keyed by the given
   * offset.
   */
  private static final class Outcomes implements PartitionWrite.RowOutcomes {
    final List<CopyLine> written = new ArrayList<>();
    final List<String> refused = new ArrayList<>();

    @Override
    public void written(List<CopyLine> lines) {
      written.addAll(lines);
    }

    @Override
    public CopyLine refused(String table, CopyLine line, String sqlState, String message) {
      refused.add(table + " " + sqlState + " " + line.key());
      return CopyLine.of(rejection("raw", 0, 1000 + refused.size(), sqlState + ": " + message));
    }
  }

  @Test
  void aRowPostgresRefusesForItsContentIsSetAsideAndTheRestOfItsChunkIsWritten() {
    // Given a constraint the validator does not know (a site rule added in the database): no value
    // of 1000 or more
    Tables.execute(
        ds, "ALTER TABLE pipeline_v1.readings ADD CONSTRAINT below_1000 CHECK (value < 1000)");
    Outcomes outcomes = new Outcomes();
    List<CopyLine> handedIn = new ArrayList<>();
    // When a partition holds seven readings, the fifth breaking the constraint
    try (PartitionWrite p =
        store.openPartition(V1, "q", 0, 0).orElseThrow().reportingTo(outcomes)) {
      for (int i = 0; i < 7; i++) {
        CopyLine line =
            CopyLine.of(reading(V1, "BH-1", T0.plusSeconds(60L * i), i == 4 ? 5000.0 : 85.0 + i));
        handedIn.add(line);
        p.reading(line);
      }
      p.writeBuffered();
      p.commit(new BatchCounts(7, 6, 1, BatchCounts.UNKNOWN), () -> {});
      assertThat(p.refusedRows()).isEqualTo(1);
    }

    // Then the six others are written once and reported written, the fifth is reported refused with
    // its SQLSTATE
    // (23514, check violation) and its rejection row is stored in the same transaction; the ledger
    // counts agree
    assertThat(outcomes.refused).singleElement().asString().startsWith("readings 23514");
    // (written: the six readings and the rejection row that replaced the fifth)
    assertThat(outcomes.written)
        .hasSize(7)
        .containsAll(handedIn.subList(0, 4))
        .containsAll(handedIn.subList(5, 7))
        .doesNotContain(handedIn.get(4));
    assertThat(Tables.count(ds, "pipeline_v1.readings")).isEqualTo(6);
    assertThat(Tables.column(ds, "SELECT value FROM pipeline_v1.rejections"))
        .singleElement()
        .asString()
        .contains("23514");
    assertThat(Tables.rows(ds, "SELECT readings, rejections FROM pipeline_v1.batch_partitions"))
        .containsExactly(List.of("6", "1"));
  }

  @Test
  void aConnectionLevelFailureIsNotSetAsideButFailsTheWrite() {
    // Given a partition whose connection the server terminates (57P01 / 08006: the database, not
    // the row's content)
    Outcomes outcomes = new Outcomes();
    PartitionWrite p = store.openPartition(V1, "q", 0, 0).orElseThrow().reportingTo(outcomes);
    p.reading(CopyLine.of(reading(V1, "BH-1", T0, 85.0)));
    Tables.execute(
        ds,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
            + " AND datname = current_database() AND state LIKE 'idle in transaction%'");
    // Then the write fails as before (the job retries the partition) and nothing is set aside
    assertThatThrownBy(p::writeBuffered).isInstanceOf(BatchStoreException.class);
    p.close();
    assertThat(outcomes.refused).isEmpty();
    assertThat(Tables.count(ds, "pipeline_v1.batch_partitions")).isZero();
  }

  @Test
  void aggregatesMergedInSeveralChunksOfOneTransactionAreAllWritten() {
    // Given more window aggregates in one partition than one chunk (each chunk merged through a
    // staging table)
    int n = PartitionWrite.CHUNK_LINES + 10;
    try (PartitionWrite p = store.openPartition(V1, "q", 0, 0).orElseThrow()) {
      for (int i = 0; i < n; i++) {
        p.aggregate(CopyLine.of(aggregate(V1, "BH-1", T0.plusSeconds(60L * i), 80.0, 81.0)));
      }
      p.commit(new BatchCounts(0, 0, 0, BatchCounts.UNKNOWN), () -> {});
    }
    // Then every one is stored (a second merge in the transaction used to meet the first one's
    // staging table)
    assertThat(Tables.count(ds, "pipeline_v1.aggregates")).isEqualTo(n);
  }
}
