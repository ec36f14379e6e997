package dev.geomonitor.local.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.embedded.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The JDBC readers against a real PostgreSQL migrated by the batch store, reading only the
 * monitoring views.
 */
class JdbcViewsIT {

  private static final PipelineVersion V1 = new PipelineVersion(1);
  @TempDir static Path dir;
  private static PostgresServer postgres;
  private static final StubSite SITE = new StubSite();

  @BeforeAll
  static void startAndLoad() throws SQLException {
    postgres = PostgresServer.start(dir.resolve("pg"));
    BatchStore store =
        new BatchStore(
            new BatchStoreConfig(postgres.jdbcUrl(), postgres.username(), postgres.password()));
    store.migrate(V1);
    store.activate(V1);
    try (Connection c = postgres.dataSource().getConnection()) {
      insertReadings(c);
      insertAlerts(c);
    }
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void latestReadingsHaveOneRowPerInstrumentAtItsNewestTime() {
    // When
    List<EnrichedReading> latest =
        new JdbcLiveReadings(postgres.dataSource()).latestPerInstrument();

    // Then
    assertThat(latest).hasSize(StubSite.INSTRUMENTS);
    assertThat(latest)
        .allSatisfy(r -> assertThat(r.ts()).isEqualTo(StubSite.START.plusSeconds(119 * 60)));
    assertThat(latest)
        .filteredOn(r -> r.boreholeNumber().equals("BH-9037"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.triggerStatus()).isEqualTo(TriggerStatus.ALARM);
              assertThat(r.baseline()).isEqualTo(86.25);
              assertThat(r.surfaceLevel()).isNull();
            });
  }

  @Test
  void seriesIsTheNewestReadingsOldestFirst() {
    // When
    List<EnrichedReading> series =
        new JdbcLiveReadings(postgres.dataSource()).series("piezometer", "PZ-201", 30);

    // Then
    assertThat(series).hasSize(30);
    assertThat(series.get(0).ts()).isEqualTo(StubSite.START.plusSeconds(90 * 60));
    assertThat(series.get(29).ts()).isEqualTo(StubSite.START.plusSeconds(119 * 60));
  }

  @Test
  void alertsAreNewestFirst() {
    // When
    List<StatusAlert> alerts = new JdbcLiveReadings(postgres.dataSource()).latestAlerts(3);

    // Then
    assertThat(alerts)
        .extracting(StatusAlert::alertId)
        .containsExactlyElementsOf(
            SITE.allAlerts().subList(0, 3).stream().map(StatusAlert::alertId).toList());
  }

  @Test
  void dailySummaryAndExceedanceHistoryComeFromTheBatchViews() {
    // When
    JdbcBatchViews views = new JdbcBatchViews(postgres.dataSource());
    List<BatchViews.DailySummary> days = views.dailySummary(50);
    List<BatchViews.Exceedance> history = views.exceedanceHistory(50);

    // Then
    assertThat(days)
        .hasSize(StubSite.INSTRUMENTS)
        .allSatisfy(d -> assertThat(d.count()).isEqualTo(120));
    assertThat(history).hasSize(SITE.allAlerts().size());
    BatchViews.Exceedance sm104Action = history.get(0);
    assertThat(sm104Action.boreholeNumber()).isEqualTo("SM-104");
    assertThat(sm104Action.status()).isEqualTo("ACTION");
    assertThat(sm104Action.ongoing()).isTrue();
    assertThat(sm104Action.duration()).isNull();
    assertThat(history)
        .filteredOn(e -> !e.ongoing())
        .allSatisfy(e -> assertThat(e.duration()).isPositive());
  }

  @Test
  void aDatabaseWithoutTheViewsIsReportedWithWhatToCheck() {
    // Given a data source that cannot connect
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");

    // Then
    assertThatThrownBy(() -> new JdbcBatchViews(nowhere).dailySummary(5))
        .isInstanceOf(PageDataException.class)
        .hasMessageContaining("monitoring.daily_summary")
        .hasMessageContaining("is PostgreSQL up");
  }

  private static void insertReadings(Connection c) throws SQLException {
    String sql =
        "INSERT INTO pipeline_v1.readings (instrument, borehole_number, ts, reading_id, pipeline_version,"
            + " value, unit, quantity, northing, easting, lat, lon, baseline, change_from_baseline, trigger_status,"
            + " api_version, fetched_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (EnrichedReading latest : SITE.latestPerInstrument()) {
        for (EnrichedReading r : SITE.series(latest.instrument(), latest.boreholeNumber(), 1000)) {
          int i = 1;
          ps.setString(i++, r.instrument());
          ps.setString(i++, r.boreholeNumber());
          ps.setTimestamp(i++, Timestamp.from(r.ts()));
          ps.setString(i++, r.readingId());
          ps.setString(i++, r.pipelineVersion());
          ps.setDouble(i++, r.value());
          ps.setString(i++, r.unit());
          ps.setString(i++, r.quantity());
          ps.setDouble(i++, r.northing());
          ps.setDouble(i++, r.easting());
          ps.setDouble(i++, r.lat());
          ps.setDouble(i++, r.lon());
          ps.setDouble(i++, r.baseline());
          ps.setDouble(i++, r.changeFromBaseline());
          ps.setString(i++, r.triggerStatus().name());
          ps.setString(i++, r.apiVersion());
          ps.setTimestamp(i, Timestamp.from(r.fetchedAt()));
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  private static void insertAlerts(Connection c) throws SQLException {
    String sql =
        "INSERT INTO pipeline_v1.alerts (instrument, borehole_number, ts, status, alert_id, pipeline_version,"
            + " previous_status, value, baseline, change_from_baseline, level, unit, lat, lon, reading_id)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (StatusAlert a : SITE.allAlerts()) {
        int i = 1;
        ps.setString(i++, a.instrument());
        ps.setString(i++, a.boreholeNumber());
        ps.setTimestamp(i++, Timestamp.from(a.ts()));
        ps.setString(i++, a.status().name());
        ps.setString(i++, a.alertId());
        ps.setString(i++, a.pipelineVersion());
        ps.setString(i++, a.previousStatus().name());
        ps.setDouble(i++, a.value());
        ps.setDouble(i++, a.baseline());
        ps.setDouble(i++, a.changeFromBaseline());
        ps.setDouble(i++, a.level());
        ps.setString(i++, a.unit());
        ps.setDouble(i++, a.lat());
        ps.setDouble(i++, a.lon());
        ps.setString(i, a.readingId());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
