package dev.geomonitor.batchstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.domain.PipelineVersion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class MigrationIT {
  private static final PipelineVersion V1 = new PipelineVersion(1);
  private static final PipelineVersion V2 = new PipelineVersion(2);

  private BatchStore store;

  @BeforeEach
  void setUp(BatchStoreConfig config) {
    store = new BatchStore(config);
  }

  @Test
  void migrateCreatesTheVersionSchemaAndTheMonitoringSchemaAndActivatesTheFirstVersion() {
    // When
    int applied = store.migrate(V1);

    // Then
    assertThat(applied).isEqualTo(15); // monitoring V1-V10 and pipeline V1-V4, V8
    assertThat(relations("pipeline_v1", "BASE TABLE"))
        .containsExactlyInAnyOrder(
            "aggregates",
            "alerts",
            "batch_partitions",
            "readings",
            "rejections",
            "flyway_schema_history");
    assertThat(relations("pipeline_v1", "VIEW")).containsExactly("batch_ledger");
    assertThat(relations("monitoring", "VIEW"))
        .containsExactlyInAnyOrder(
            "readings",
            "aggregates",
            "alerts",
            "rejections",
            "batch_ledger",
            "daily_summary",
            "exceedance_history",
            "latest_readings",
            "current_exceedances");
    assertThat(store.activeVersion()).contains(V1);
  }

  @Test
  void migratingTwiceIsANoOp() {
    // Given
    store.migrate(V1);
    List<String> historyBefore =
        Tables.contents(store.dataSource(), "pipeline_v1.flyway_schema_history");

    // When
    int applied = store.migrate(V1);

    // Then
    assertThat(applied).isZero();
    assertThat(Tables.contents(store.dataSource(), "pipeline_v1.flyway_schema_history"))
        .isEqualTo(historyBefore);
    assertThat(Tables.count(store.dataSource(), "monitoring.activations")).isEqualTo(1);
  }

  @Test
  void migratingV2BesideV1KeepsV1ActiveAndItsRowsIntact() {
    // Given
    store.migrate(V1);
    Instant ts = Instant.parse("2024-03-01T10:00:00Z");
    store.writeBatch(
        V1,
        "readings",
        0,
        BatchContent.ofReadings(
            List.of(Records.reading(V1, "BH-1", ts, 85.0)), List.of(), List.of(), null));

    // When
    int applied = store.migrate(V2);

    // Then
    assertThat(applied).isEqualTo(5); // pipeline V1-V4, V8 only
    assertThat(relations("pipeline_v2", "BASE TABLE")).contains("readings", "batch_partitions");
    assertThat(store.activeVersion()).contains(V1);
    assertThat(Tables.count(store.dataSource(), "pipeline_v2.readings")).isZero();
    assertThat(
            Tables.column(store.dataSource(), "SELECT pipeline_version FROM monitoring.readings"))
        .containsExactly("v1");
  }

  @Test
  void theWriterColumnListsMatchTheMigratedTablesAndViews() {
    // Given
    store.migrate(V1);

    // Then: the writer, the COPY column lists and the view switch all rely on this order
    for (String table : OutputTables.VIEWED_TABLES) {
      assertThat(columns("pipeline_v1", table))
          .as(table)
          .isEqualTo(OutputTables.viewColumns(table));
      assertThat(columns("monitoring", table))
          .as("monitoring." + table)
          .isEqualTo(OutputTables.viewColumns(table));
    }
  }

  @Test
  void activatingAVersionThatWasNeverMigratedFailsAndSaysToMigrate() {
    // Given
    store.migrate(V1);

    // When / Then
    assertThatThrownBy(() -> store.activate(V2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pipeline_v2.readings does not exist")
        .hasMessageContaining("BatchStore.migrate(v2)");
    assertThat(store.activeVersion()).contains(V1);
  }

  @Test
  void aFreshDatabaseHasNoActiveVersionUntilMigrated(BatchStoreConfig otherDatabase) {
    // Given
    BatchStore fresh = new BatchStore(otherDatabase);

    // When / Then: a runner asks before it migrates, to know which version to resume
    assertThat(fresh.activeVersion()).isEmpty();
    fresh.migrate(V2);
    assertThat(fresh.activeVersion()).contains(V2);
  }

  @Test
  void theDashboardQueriesAreServedByIndexesThroughTheViews() throws SQLException {
    // Given
    store.migrate(V1);
    String latest =
        "SELECT * FROM monitoring.readings WHERE instrument = 'water_standpipe'"
            + " AND borehole_number = 'BH-1' ORDER BY ts DESC LIMIT 1";
    String range =
        "SELECT * FROM monitoring.aggregates WHERE instrument = 'water_standpipe'"
            + " AND borehole_number = 'BH-1' AND window_size = 'PT1M' AND window_start >= '2024-03-01'"
            + " ORDER BY window_start";
    String siteWide =
        "SELECT count(*) FROM monitoring.readings WHERE ts >= '2024-03-01' AND ts < '2024-03-02'";

    // When: sequential scans are priced out, as they are on tables of realistic size
    String latestPlan = explain(latest);
    String rangePlan = explain(range);
    String siteWidePlan = explain(siteWide);
    String latestEverywherePlan = explain("SELECT * FROM monitoring.latest_readings");

    // Then: no sort, no sequential scan
    assertThat(latestPlan)
        .contains("Index Scan Backward using readings_instrument_ts_idx")
        .doesNotContain("Sort");
    assertThat(rangePlan).contains("aggregates_instrument_window_idx").doesNotContain("Sort");
    assertThat(siteWidePlan).contains("readings_ts_idx");
    assertThat(latestEverywherePlan)
        .contains("Recursive Union")
        .contains("Index Scan Backward using readings_instrument_ts_idx");
  }

  private String explain(String query) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = store.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("SET enable_seqscan = off");
      try (ResultSet rs = st.executeQuery("EXPLAIN " + query)) {
        while (rs.next()) {
          lines.add(rs.getString(1));
        }
      }
    }
    return String.join("\n", lines);
  }

  private List<String> relations(String schema, String type) {
    return Tables.column(
        store.dataSource(),
        "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
            + schema
            + "' AND table_type = '"
            + type
            + "'");
  }

  private List<String> columns(String schema, String table) {
    return Tables.column(
        store.dataSource(),
        "SELECT column_name FROM information_schema.columns WHERE table_schema = '"
            + schema
            + "' AND table_name = '"
            + table
            + "' ORDER BY ordinal_position");
  }
}
