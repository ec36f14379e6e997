package dev.geomonitor.batchstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TriggerLevelsIT {
  private BatchStore store;

  @BeforeEach
  void setUp(BatchStoreConfig config) {
    store = new BatchStore(config);
    store.migrate(new PipelineVersion(1));
  }

  @Test
  void syncMirrorsTheCatalogAndASecondSyncReplacesTheFirst() {
    // Given
    store.syncTriggerLevels(TriggerLevelCatalog.defaults());
    List<TriggerLevels> levels = new ArrayList<>(TriggerLevelCatalog.defaultLevels());
    levels.add(
        new TriggerLevels("piezometer", "PZ-7", TriggerLevels.Direction.RISE, null, 10, 15, 25));

    // When
    int stored = store.syncTriggerLevels(TriggerLevelCatalog.of(levels));

    // Then
    assertThat(stored).isEqualTo(6);
    assertThat(
            Tables.rows(
                store.dataSource(),
                "SELECT instrument, coalesce(borehole_number, '-'), direction,"
                    + " coalesce(baseline::text, '-'), alert, alarm, action FROM monitoring.trigger_levels"
                    + " ORDER BY instrument, borehole_number NULLS FIRST"))
        .containsExactly(
            List.of("extensometer", "-", "BOTH", "0", "5", "10", "15"),
            List.of("piezometer", "-", "BOTH", "-", "20", "35", "50"),
            List.of("piezometer", "PZ-7", "RISE", "-", "10", "15", "25"),
            List.of("settlement_marker", "-", "BOTH", "0", "10", "20", "30"),
            List.of("strain_gauge", "-", "BOTH", "0", "2", "4", "6"),
            List.of("water_standpipe", "-", "BOTH", "-", "1", "2", "3"));
  }
}
