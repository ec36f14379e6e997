package dev.geomonitor.batchstore;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.TriggerLevelCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL batch store: versioned output schemas ({@code pipeline_v1}...), the shared {@code
 * monitoring} schema whose views readers use, and the exactly-once micro-batch writer.
 *
 * <p>Every call opens its own connection and closes it (no pool: a micro-batch every second or so
 * does not need one, and a fresh connection never carries a broken state into the next batch).
 * Methods are thread-safe, so two streaming queries may share one store. Failures are {@link
 * BatchStoreException}s after a full rollback.
 */
public final class BatchStore {
  private static final String UNDEFINED_TABLE = "42P01";

  /**
   * Deadlocks with readers locking views in another order are possible in principle; a retry
   * resolves them.
   */
  private static final int ACTIVATE_ATTEMPTS = 3;

  /**
   * Allocated only as a session's temporary tables grow, so generous costs nothing for small
   * batches.
   */
  private static final String TEMP_BUFFERS = "128MB";

  private final BatchStoreConfig config;
  private final RotatingLogin dataSource;
  private final SchemaMigrator migrator;
  private final RowLoader loader;
  private final BatchWriter writer;
  private final ViewSwitcher views = new ViewSwitcher();
  private final TriggerLevelTable triggerLevels = new TriggerLevelTable();

  public BatchStore(BatchStoreConfig config) {
    this.config = Objects.requireNonNull(config, "BatchStore needs a BatchStoreConfig");
    this.dataSource = dataSourceFor(config);
    this.migrator = new SchemaMigrator(dataSource);
    this.loader = new CopyStagingLoader();
    this.writer = new BatchWriter(loader);
  }

  /**
   * Creates or upgrades the monitoring schema and {@code version}'s schema; a no-op when both are
   * up to date. When no version is active yet (a new database), {@code version} becomes the active
   * one so readers see the first run.
   *
   * @return the number of migrations applied by this call
   */
  public int migrate(PipelineVersion version) {
    int applied;
    try {
      applied = migrator.migrate(version);
    } catch (FlywayException e) {
      throw new BatchStoreException(
          "cannot migrate schemas monitoring and "
              + version.schema()
              + " at "
              + config.jdbcUrl()
              + ": "
              + e.getMessage(),
          e);
    }
    try (Connection c = connect()) {
      views.activate(c, version, true);
    } catch (SQLException e) {
      throw failure("cannot activate " + version + " after migrating it", e);
    }
    return applied;
  }

  /**
   * Writes one micro-batch of one streaming query in one transaction, exactly once.
   *
   * @param queryName the streaming query's name: each query has its own ledger entries
   * @param batchId Spark's foreachBatch batch id
   * @return true if committed now; false if this (query, batch) was committed before, in which case
   *     nothing changed
   * @throws BatchStoreException when nothing was written; retry the batch if {@link
   *     BatchStoreException#isTransient()}
   */
  public boolean writeBatch(
      PipelineVersion version, String queryName, long batchId, BatchContent content) {
    try (Connection c = connect()) {
      return writer.write(c, version, queryName, batchId, content);
    } catch (SQLException e) {
      throw writeFailure(version, queryName, batchId, e);
    }
  }

  private BatchStoreException writeFailure(
      PipelineVersion version, String queryName, long batchId, SQLException e) {
    String what =
        "cannot write batch " + batchId + " of query " + queryName + " to " + version.schema();
    if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
      what += " (its tables are missing: call BatchStore.migrate(" + version + ") first)";
    }
    return failure(what, e);
  }

  /**
   * As {@link #writeBatch(PipelineVersion, String, long, BatchContent)}, for records already
   * rendered as COPY lines ({@link CopyLine#of}) where they were made.
   */
  public boolean writeBatch(
      PipelineVersion version, String queryName, long batchId, RenderedBatch batch) {
    try (Connection c = connect()) {
      return writer.write(c, version, queryName, batchId, batch);
    } catch (SQLException e) {
      throw writeFailure(version, queryName, batchId, e);
    }
  }

  /**
   * Runs inside a write's transaction after its rows are written, before the commit; throwing rolls
   * it all back.
   */
  @FunctionalInterface
  public interface BeforeCommit {
    void run() throws Exception;
  }

  /**
   * Opens the write of one output partition of a micro-batch: a transaction that has claimed the
   * partition's ledger row (query, batch, partition). Partitions of one batch are independent
   * units, each committed by its own {@link PartitionWrite#commit} (the Spark job's executors); a
   * replayed batch finds the partitions committed before and writes the others.
   *
   * @param partition the output partition (Spark's partition id, >= 0)
   * @return empty when this partition (or its whole batch) was committed before: then nothing may
   *     be written again
   * @throws BatchStoreException when the database cannot be reached; retry if {@link
   *     BatchStoreException#isTransient()}
   */
  public Optional<PartitionWrite> openPartition(
      PipelineVersion version, String queryName, long batchId, int partition) {
    if (partition < 0) {
      throw new IllegalArgumentException(
          "output partitions are >= 0 (Spark's partition id), got " + partition);
    }
    BatchWriter.Unit unit = new BatchWriter.Unit(queryName, batchId, partition);
    Connection c = null;
    try {
      c = connect();
      c.setAutoCommit(false);
      if (!BatchWriter.claim(
          c, version.schema(), unit, BatchCounts.unknown(), new BatchWriter.Sizes(0, 0, 0, 0))) {
        c.rollback();
        c.close();
        return Optional.empty();
      }
      return Optional.of(new PartitionWrite(c, version, unit, loader));
    } catch (SQLException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException closing) {
          e.addSuppressed(closing);
        }
      }
      throw writeFailure(version, queryName, batchId, e);
    }
  }

  /** Points every monitoring view at {@code version}'s tables, atomically for readers. */
  public void activate(PipelineVersion version) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = connect()) {
        views.activate(c, version, false);
        return;
      } catch (SQLException e) {
        if (!"40P01".equals(e.getSQLState()) || attempt == ACTIVATE_ATTEMPTS) {
          throw failure("cannot activate pipeline " + version, e);
        }
      }
    }
  }

  /** Whether {@code version}'s schema exists (it was migrated, by a run or a reprocessing run). */
  public boolean exists(PipelineVersion version) {
    try (Connection c = connect();
        var ps =
            c.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
      ps.setString(1, version.schema());
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw failure("cannot look for schema " + version.schema(), e);
    }
  }

  /**
   * Drops {@code version}'s schema and everything in it. Refused for the active version: readers
   * would lose their views. Reprocessing calls it, on request only, for the version it replaced.
   */
  public void dropVersion(PipelineVersion version) {
    if (activeVersion().filter(version::equals).isPresent()) {
      throw new IllegalStateException(
          "refusing to drop " + version + ": readers see it; activate another version first");
    }
    try (Connection c = connect();
        var st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + version.schema() + " CASCADE");
    } catch (SQLException e) {
      throw failure("cannot drop schema " + version.schema(), e);
    }
  }

  /** The version the monitoring views show, or empty before any was activated (or migrated). */
  public Optional<PipelineVersion> activeVersion() {
    try (Connection c = connect()) {
      return views.activeVersion(c);
    } catch (SQLException e) {
      if (UNDEFINED_TABLE.equals(e.getSQLState())) {
        // Nothing was ever migrated into this database: no version is active yet.
        return Optional.empty();
      }
      throw failure(
          "cannot read the active pipeline version (is the monitoring schema migrated?)", e);
    }
  }

  /**
   * Replaces monitoring.trigger_levels with the catalog's entries in one transaction.
   *
   * @return the number of entries stored
   */
  public int syncTriggerLevels(TriggerLevelCatalog catalog) {
    try (Connection c = connect()) {
      return triggerLevels.sync(c, catalog);
    } catch (SQLException e) {
      throw failure("cannot store trigger levels in monitoring.trigger_levels", e);
    }
  }

  /**
   * Connections to the same database with the same settings, for readers (reports, the live page).
   */
  public DataSource dataSource() {
    return dataSource;
  }

  public BatchStoreConfig config() {
    return config;
  }

  /** The role connections are made as now: the config's, or the one a rotated secret holds. */
  public String currentUser() {
    return dataSource.user();
  }

  private Connection connect() throws SQLException {
    return dataSource.getConnection();
  }

  private BatchStoreException failure(String what, SQLException e) {
    return new BatchStoreException(
        what
            + " at "
            + config.jdbcUrl()
            + ": "
            + e.getMessage()
            + " [SQLSTATE "
            + e.getSQLState()
            + "]",
        e);
  }

  private static RotatingLogin dataSourceFor(BatchStoreConfig config) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(config.jdbcUrl());
    ds.setUser(config.user());
    ds.setPassword(config.password());
    ds.setApplicationName(config.applicationName());
    // Lets JDBC batches (trigger levels) travel as multi-row INSERTs: one round trip instead of one
    // per row.
    ds.setReWriteBatchedInserts(true);
    ds.setSocketTimeout((int) config.socketTimeout().toSeconds());
    ds.setConnectTimeout(10);
    ds.setTcpKeepAlive(true);
    // The COPY staging tables are temporary: with the default 8 MB of temp buffers a 100k-row batch
    // spills to disk.
    ds.setOptions("-c temp_buffers=" + TEMP_BUFFERS);
    return new RotatingLogin(ds, config.credentials());
  }
}
