package dev.geomonitor.batchstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpsertSqlTest {

  @Test
  void theMergeConflictsOnTheNaturalKeyAndUpdatesFromExcludedWithoutBinds() {
    // When
    String sql = UpsertSql.insertSelect("pipeline_v3", OutputTables.AGGREGATES, "stage_aggregates");

    // Then
    assertThat(sql)
        .startsWith(
            "INSERT INTO pipeline_v3.aggregates AS t (instrument, borehole_number, window_size, window_start,")
        .contains(" FROM stage_aggregates ORDER BY aggregate_id")
        .contains(" ON CONFLICT (aggregate_id) DO UPDATE SET ")
        .contains("mean = EXCLUDED.mean")
        .doesNotContain("aggregate_id = EXCLUDED.aggregate_id")
        .doesNotContain("?");
  }

  @Test
  void theUpdateIsSkippedWhenNoColumnWouldChange() {
    // When
    String sql = UpsertSql.insertSelect("pipeline_v1", OutputTables.READINGS, "stage_readings");

    // Then
    assertThat(sql)
        .contains(" WHERE (t.instrument, t.borehole_number, t.ts, t.pipeline_version, ")
        .contains(") IS DISTINCT FROM (EXCLUDED.");
  }

  @Test
  void theBatchedFormBindsOneParameterPerColumnAndCastsJson() {
    // When
    String sql = UpsertSql.insertValues("pipeline_v1", OutputTables.REJECTIONS);

    // Then
    String values = sql.substring(sql.indexOf("VALUES ("), sql.indexOf(") ON CONFLICT"));
    assertThat(values.chars().filter(c -> c == '?').count())
        .isEqualTo(OutputTables.REJECTIONS.columns().size());
    assertThat(values).contains("?::jsonb");
    assertThat(sql.substring(sql.indexOf("ON CONFLICT"))).doesNotContain("?");
  }
}
