package dev.geomonitor.batchstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.TriggerLevelVersion;
import dev.geomonitor.domain.TriggerLevels;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TriggerLevelVersionsIT {
  private static final TriggerLevels BH_1 =
      new TriggerLevels("water_standpipe", "BH-1", TriggerLevels.Direction.FALL, 80.0, 0.5, 1, 2);

  private BatchStore store;
  private TriggerLevelVersions versions;

  @BeforeEach
  void setUp(BatchStoreConfig config) {
    store = new BatchStore(config);
    store.migrate(new PipelineVersion(1));
    versions = new TriggerLevelVersions(store.dataSource());
  }

  @Test
  void aVersionWithoutEffectiveFromTakesEffectWhenTheGraceEnds() {
    // When
    Instant before = Instant.now();
    TriggerLevelVersion added = versions.add(BH_1, null, "j.smith", "baseline reset after repair");

    // Then
    assertThat(added.versionId()).isPositive();
    assertThat(added.changedAt()).isAfterOrEqualTo(before.minusSeconds(5));
    assertThat(Duration.between(added.changedAt(), added.effectiveFrom()))
        .isEqualTo(Duration.ofMinutes(15));
    TriggerLevelVersions.Snapshot snapshot = versions.load();
    assertThat(snapshot.grace()).isEqualTo(Duration.ofMinutes(15));
    assertThat(snapshot.versions()).containsExactly(added);
    assertThat(added.levels()).isEqualTo(BH_1);
    assertThat(added.changedBy()).isEqualTo("j.smith");
    assertThat(added.reason()).isEqualTo("baseline reset after repair");
  }

  @Test
  void anEffectiveFromInsideTheGraceIsRefusedWithTheEarliestAllowed() {
    assertThatThrownBy(
            () -> versions.add(BH_1, Instant.now().plusSeconds(600), "j.smith", "too soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inside the grace");
    assertThatThrownBy(
            () ->
                versions.add(BH_1, Instant.parse("2020-01-01T00:00:00Z"), "j.smith", "retroactive"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inside the grace");
    assertThat(versions.load().versions()).isEmpty();
  }

  @Test
  void anEffectiveFromAfterTheGraceIsKept() {
    Instant from = Instant.parse("2099-01-01T00:00:00Z");

    TriggerLevelVersion added = versions.add(BH_1, from, "j.smith", "new TARP");

    assertThat(added.effectiveFrom()).isEqualTo(from);
  }

  @Test
  void aVersionWithoutAuthorOrReasonIsRefused() {
    assertThatThrownBy(() -> versions.add(BH_1, null, " ", "why"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("changed_by");
    assertThatThrownBy(() -> versions.add(BH_1, null, "j.smith", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reason");
  }

  @Test
  void levelsOutOfOrderAreRefusedByTheDatabaseToo() {
    assertThatThrownBy(
            () ->
                execute(
                    "INSERT INTO monitoring.trigger_level_versions (instrument, direction, alert,"
                        + " alarm, action, changed_by, changed_at, reason) VALUES"
                        + " ('piezometer', 'BOTH', 30, 20, 50, 'x', now(), 'y')"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("check constraint");
  }

  @Test
  void persistenceAndHysteresisAreKeptWithTheVersionAndCheckedByTheDatabase() {
    TriggerLevels held =
        new TriggerLevels(
            "water_standpipe", "BH-1", TriggerLevels.Direction.FALL, 80.0, 0.5, 1, 2, 3, 0.2);

    TriggerLevelVersion added = versions.add(held, null, "j.smith", "pump cycling: debounce");

    assertThat(versions.load().versions()).containsExactly(added);
    assertThat(added.levels().persistence()).isEqualTo(3);
    assertThat(added.levels().hysteresis()).isEqualTo(0.2);
    assertThatThrownBy(
            () ->
                execute(
                    "INSERT INTO monitoring.trigger_level_versions (instrument, direction, alert,"
                        + " alarm, action, hysteresis, changed_by, changed_at, reason) VALUES"
                        + " ('piezometer', 'BOTH', 10, 20, 50, 10, 'x', now(), 'y')"))
        .as("a band as wide as the alert level could never clear")
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("trigger_level_versions_hysteresis");
    assertThatThrownBy(
            () ->
                execute(
                    "INSERT INTO monitoring.trigger_level_versions (instrument, direction, alert,"
                        + " alarm, action, persistence, changed_by, changed_at, reason) VALUES"
                        + " ('piezometer', 'BOTH', 10, 20, 50, 0, 'x', now(), 'y')"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("check constraint");
  }

  @Test
  void versionsAreNeverUpdatedDeletedOrTruncated() {
    // Given
    versions.add(BH_1, null, "j.smith", "first");

    // When / Then
    assertThatThrownBy(
            () -> execute("UPDATE monitoring.trigger_level_versions SET alert = 0.1, alarm = 1"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("append-only: UPDATE refused");
    assertThatThrownBy(() -> execute("DELETE FROM monitoring.trigger_level_versions"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("append-only: DELETE refused");
    assertThatThrownBy(() -> execute("TRUNCATE monitoring.trigger_level_versions"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("append-only: TRUNCATE refused");
    assertThat(versions.load().versions()).hasSize(1);
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
