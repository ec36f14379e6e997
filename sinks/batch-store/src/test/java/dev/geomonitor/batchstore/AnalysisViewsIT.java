package dev.geomonitor.batchstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.PipelineVersion;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The batch-analysis views on a small hand-made data set. The test JVM runs in Australia/Melbourne
 * (see pom.xml), so a view that used the session's time zone instead of UTC days would put 23:30Z
 * on the wrong day.
 */
@ExtendWith(PostgresExtension.class)
class AnalysisViewsIT {
  private static final PipelineVersion V1 = new PipelineVersion(1);

  private DataSource ds;
  private BatchStoreConfig config;

  @BeforeEach
  void setUp(BatchStoreConfig config) {
    this.config = config;
    BatchStore store = new BatchStore(config);
    SampleSite.load(store);
    ds = store.dataSource();
  }

  @Test
  void dailySummaryGivesCountMinMaxMeanAndLastPerInstrumentAndUtcDay() {
    assertThat(
            Tables.rows(
                ds,
                "SELECT day::text, borehole_number, count, min, max, mean, last, unit"
                    + " FROM monitoring.daily_summary ORDER BY day, borehole_number"))
        .containsExactly(
            List.of("2024-03-01", "BH-1", "3", "83", "86", "84.5", "83", "m AHD"),
            List.of("2024-03-01", "BH-2", "1", "90", "90", "90", "90", "m AHD"),
            List.of("2024-03-01", "BH-3", "1", "88.5", "88.5", "88.5", "88.5", "m AHD"),
            List.of("2024-03-02", "BH-1", "1", "84", "84", "84", "84", "m AHD"),
            List.of("2024-03-02", "BH-2", "1", "90.5", "90.5", "90.5", "90.5", "m AHD"));
  }

  @Test
  void exceedanceHistoryGivesTheTimeSpentInEachStatus() {
    assertThat(
            Tables.rows(
                ds,
                "SELECT borehole_number, status, previous_status,"
                    + " to_char(entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), duration::text, ongoing::text"
                    + " FROM monitoring.exceedance_history ORDER BY borehole_number, entered_at"))
        .containsExactly(
            List.of("BH-1", "ALERT", "NORMAL", "2024-03-01 12:00", "11:30:00", "false"),
            List.of("BH-1", "ALARM", "ALERT", "2024-03-01 23:30", "01:30:00", "false"),
            Arrays.asList("BH-1", "ALERT", "ALARM", "2024-03-02 01:00", null, "true"),
            Arrays.asList("BH-3", "ALARM", "NORMAL", "2024-03-01 10:00", null, "true"));
  }

  @Test
  void currentExceedancesListInstrumentsWhoseLatestReadingIsAboveNormalWithTheLevelsInForce() {
    assertThat(
            Tables.rows(
                ds,
                "SELECT borehole_number, trigger_status,"
                    + " to_char(latest_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), value,"
                    + " to_char(since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), alert, alarm, action"
                    + " FROM monitoring.current_exceedances ORDER BY borehole_number"))
        .containsExactly(
            List.of(
                "BH-1", "ALERT", "2024-03-02 01:00", "84", "2024-03-02 01:00", "0.5", "1.5", "2.5"),
            List.of(
                "BH-3", "ALARM", "2024-03-01 10:00", "88.5", "2024-03-01 10:00", "1", "2", "3"));
  }

  @Test
  void analysisViewsRoundForDisplayWhileTheTablesKeepFullPrecision() {
    // Given two readings whose binary mean is 0.15000000000000002
    BatchStore store = new BatchStore(config);
    store.writeBatch(
        V1,
        "readings",
        1,
        BatchContent.ofReadings(
            List.of(
                Records.reading(
                    V1,
                    "BH-9",
                    java.time.Instant.parse("2024-03-03T10:00:00Z"),
                    0.1,
                    dev.geomonitor.domain.TriggerStatus.NORMAL),
                Records.reading(
                    V1,
                    "BH-9",
                    java.time.Instant.parse("2024-03-03T11:00:00Z"),
                    0.2,
                    dev.geomonitor.domain.TriggerStatus.NORMAL)),
            List.of(),
            List.of(),
            null));

    // Then the daily summary shows 0.15, and averaging the stored values still gives the exact
    // binary mean
    assertThat(
            Tables.rows(
                ds, "SELECT mean FROM monitoring.daily_summary WHERE borehole_number = 'BH-9'"))
        .containsExactly(List.of("0.15"));
    assertThat(
            Tables.rows(
                ds, "SELECT avg(value) FROM monitoring.readings WHERE borehole_number = 'BH-9'"))
        .containsExactly(List.of("0.15000000000000002"));
  }

  @Test
  void latestReadingsHoldOneRowPerInstrument() {
    assertThat(
            Tables.rows(
                ds, "SELECT borehole_number, value FROM monitoring.latest_readings ORDER BY 1"))
        .containsExactly(List.of("BH-1", "84"), List.of("BH-2", "90.5"), List.of("BH-3", "88.5"));
  }
}
