package dev.geomonitor.batchstore;

import dev.geomonitor.domain.PipelineVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one micro-batch in one transaction: first the (query_name, batch_id) ledger entry, then the upserts. A batch
 * whose entry already exists was committed before (Spark replays the last batch after a restart): the transaction is
 * rolled back without touching anything. A failure anywhere rolls back the ledger entry too, so the retry writes it.
 */
final class BatchWriter {
  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

  private final RowLoader loader;

  BatchWriter(RowLoader loader) {
    this.loader = loader;
  }

  /**
   * @param connection a connection this call may use for one transaction; left in auto-commit off
   * @return true when the batch was committed now, false when it had been committed before
   */
  boolean write(Connection connection, PipelineVersion version, String queryName, long batchId, BatchContent content)
      throws SQLException {
    check(queryName, batchId);
    // Mapping first: a record that cannot become a row fails the call before any database work.
    List<Object[]> readings = OutputTables.READINGS.rowsOf(content.readings());
    List<Object[]> aggregates = OutputTables.AGGREGATES.rowsOf(content.aggregates());
    List<Object[]> alerts = OutputTables.ALERTS.rowsOf(content.alerts());
    List<Object[]> rejections = OutputTables.REJECTIONS.rowsOf(content.rejections());
    String schema = version.schema();
    Sizes sizes = new Sizes(readings.size(), aggregates.size(), alerts.size(), rejections.size());
    return inTransaction(connection, schema, queryName, batchId, content.counts(), sizes, () -> {
      loader.upsert(connection, schema, OutputTables.READINGS, readings);
      loader.upsert(connection, schema, OutputTables.AGGREGATES, aggregates);
      loader.upsert(connection, schema, OutputTables.ALERTS, alerts);
      loader.upsert(connection, schema, OutputTables.REJECTIONS, rejections);
    });
  }

  /** As {@link #write(Connection, PipelineVersion, String, long, BatchContent)}, for rows rendered ahead. */
  boolean write(Connection connection, PipelineVersion version, String queryName, long batchId, RenderedBatch batch)
      throws SQLException {
    check(queryName, batchId);
    List<String> readings = OutputTable.linesOf(batch.readings());
    List<String> aggregates = OutputTable.linesOf(batch.aggregates());
    List<String> alerts = OutputTable.linesOf(batch.alerts());
    List<String> rejections = OutputTable.linesOf(batch.rejections());
    String schema = version.schema();
    Sizes sizes = new Sizes(readings.size(), aggregates.size(), alerts.size(), rejections.size());
    return inTransaction(connection, schema, queryName, batchId, batch.counts(), sizes, () -> {
      loader.upsertLines(connection, schema, OutputTables.READINGS, readings);
      loader.upsertLines(connection, schema, OutputTables.AGGREGATES, aggregates);
      loader.upsertLines(connection, schema, OutputTables.ALERTS, alerts);
      loader.upsertLines(connection, schema, OutputTables.REJECTIONS, rejections);
    });
  }

  private record Sizes(int readings, int aggregates, int alerts, int rejections) {}

  private interface Upserts {
    void run() throws SQLException;
  }

  private static void check(String queryName, long batchId) {
    if (queryName == null || queryName.isBlank()) {
      throw new IllegalArgumentException("writeBatch needs the streaming query's name (the ledger is keyed by it)");
    }
    if (batchId < 0) {
      throw new IllegalArgumentException("batch ids are >= 0 (Spark's foreachBatch batchId), got " + batchId);
    }
  }

  private static boolean inTransaction(
      Connection connection, String schema, String queryName, long batchId, BatchCounts counts, Sizes sizes,
      Upserts upserts) throws SQLException {
    connection.setAutoCommit(false);
    try {
      long started = System.nanoTime();
      if (!claim(connection, schema, queryName, batchId, counts, sizes)) {
        connection.rollback();
        LOG.info("{} batch {} of {} was committed before; replay ignored", queryName, batchId, schema);
        return false;
      }
      upserts.run();
      connection.commit();
      LOG.debug(
          "{} batch {} of {}: {} readings, {} aggregates, {} alerts, {} rejections in {} ms",
          queryName, batchId, schema, sizes.readings(), sizes.aggregates(), sizes.alerts(), sizes.rejections(),
          (System.nanoTime() - started) / 1_000_000);
      return true;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    }
  }

  private static boolean claim(
      Connection connection,
      String schema,
      String queryName,
      long batchId,
      BatchCounts counts,
      Sizes sizes)
      throws SQLException {
    // A concurrent attempt at the same batch waits here on the first one's uncommitted entry, then finds it.
    String sql = "INSERT INTO " + schema + ".batch_ledger (query_name, batch_id, rows_in, accepted, rejected,"
        + " duplicates, readings, aggregates, alerts, rejections) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (query_name, batch_id) DO NOTHING";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, queryName);
      ps.setLong(2, batchId);
      setCount(ps, 3, counts.rowsIn());
      setCount(ps, 4, counts.accepted());
      setCount(ps, 5, counts.rejected());
      setCount(ps, 6, counts.duplicates());
      ps.setLong(7, sizes.readings());
      ps.setLong(8, sizes.aggregates());
      ps.setLong(9, sizes.alerts());
      ps.setLong(10, sizes.rejections());
      return ps.executeUpdate() == 1;
    }
  }

  private static void setCount(PreparedStatement ps, int index, long count) throws SQLException {
    if (count == BatchCounts.UNKNOWN) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, count);
    }
  }
}
