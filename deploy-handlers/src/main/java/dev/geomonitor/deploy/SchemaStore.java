package dev.geomonitor.deploy;

import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.TriggerLevelCatalog;
import java.util.Optional;

/** What the migration resource does to the batch store; {@link #of(BatchStoreConfig)} is the real one. */
public interface SchemaStore {

  /** @return migrations applied by this call (0 when up to date); activates {@code version} when none is active */
  int migrate(PipelineVersion version);

  /** @return trigger-level entries stored */
  int syncTriggerLevels(TriggerLevelCatalog catalog);

  Optional<PipelineVersion> activeVersion();

  static SchemaStore of(BatchStoreConfig config) {
    BatchStore store = new BatchStore(config);
    return new SchemaStore() {
      @Override
      public int migrate(PipelineVersion version) {
        return store.migrate(version);
      }

      @Override
      public int syncTriggerLevels(TriggerLevelCatalog catalog) {
        return store.syncTriggerLevels(catalog);
      }

      @Override
      public Optional<PipelineVersion> activeVersion() {
        return store.activeVersion();
      }
    };
  }

  /** Connects to the database a config names. */
  @FunctionalInterface
  interface Factory {
    SchemaStore open(BatchStoreConfig config);
  }
}
