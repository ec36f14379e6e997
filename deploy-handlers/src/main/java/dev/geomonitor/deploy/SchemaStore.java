package dev.geomonitor.deploy;

import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.TriggerLevelCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What the migration resource does to the batch store; {@link #of(BatchStoreConfig)} is the real
 * one.
 */
public interface SchemaStore {

  /**
   * @return migrations applied by this call (0 when up to date); activates {@code version} when
   *     none is active
   */
  int migrate(PipelineVersion version);

  /**
   * @return trigger-level entries stored
   */
  int syncTriggerLevels(TriggerLevelCatalog catalog);

  Optional<PipelineVersion> activeVersion();

  /**
   * Creates or updates the least-privilege login users and grants them their rights on the schemas
   * that exist now ({@link DatabaseUsers}).
   *
   * @return the pipeline schemas the writer may write
   */
  List<String> setUpUsers(List<DatabaseUsers.Login> logins);

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

      @Override
      public List<String> setUpUsers(List<DatabaseUsers.Login> logins) {
        try (Connection c = store.dataSource().getConnection()) {
          return DatabaseUsers.apply(c, logins);
        } catch (SQLException e) {
          throw new IllegalStateException(
              "cannot set up the database users "
                  + logins
                  + " at "
                  + config.jdbcUrl()
                  + ": "
                  + e.getMessage(),
              e);
        }
      }
    };
  }

  /** Connects to the database a config names. */
  @FunctionalInterface
  interface Factory {
    SchemaStore open(BatchStoreConfig config);
  }
}
