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
 * Writes one micro-batch, or one output partition of a micro-batch, in one transaction: first the
 * ledger entry (query_name, batch_id, output_partition) in {@code batch_partitions}, then the
 * upserts. A unit whose entry already exists was committed before (Spark replays the last batch
 * after a restart): the transaction is rolled back without touching anything. A failure anywhere
 * rolls back the ledger entry too, so the retry writes it. A whole batch is ledgered as partition
 * {@link #WHOLE_BATCH}; a partition of a batch ledgered whole counts as committed.
 */
final class BatchWriter {
  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

  /** The output_partition of a batch written in one transaction. */
  static final int WHOLE_BATCH = -1;

  private static final BatchStore.BeforeCommit NOTHING = () -> {};

  private final RowLoader loader;

  BatchWriter(RowLoader loader) {
    this.loader = loader;
  }

  /**
   * @param connection a connection this call may use for one transaction; left in auto-commit off
   * @return true when the batch was committed now, false when it had been committed before
   */
  boolean write(
      Connection connection,
      PipelineVersion version,
      String queryName,
      long batchId,
      BatchContent content)
      throws SQLException {
    check(queryName, batchId);
    // Mapping first: a record that cannot become a row fails the call before any database work.
    List<Object[]> readings = OutputTables.READINGS.rowsOf(content.readings());
    List<Object[]> aggregates = OutputTables.AGGREGATES.rowsOf(content.aggregates());
    List<Object[]> alerts = OutputTables.ALERTS.rowsOf(content.alerts());
    List<Object[]> rejections = OutputTables.REJECTIONS.rowsOf(content.rejections());
    String schema = version.schema();
    Sizes sizes = new Sizes(readings.size(), aggregates.size(), alerts.size(), rejections.size());
    Unit unit = new Unit(queryName, batchId, WHOLE_BATCH);
    return inTransaction(
        connection,
        schema,
        unit,
        content.counts(),
        sizes,
        NOTHING,
        () -> {
          loader.upsert(connection, schema, OutputTables.READINGS, readings);
          loader.upsert(connection, schema, OutputTables.AGGREGATES, aggregates);
          loader.upsert(connection, schema, OutputTables.ALERTS, alerts);
          loader.upsert(connection, schema, OutputTables.REJECTIONS, rejections);
        });
  }

  /**
   * As {@link #write(Connection, PipelineVersion, String, long, BatchContent)}, for rows rendered
   * ahead.
   */
  boolean write(
      Connection connection,
      PipelineVersion version,
      String queryName,
      long batchId,
      RenderedBatch batch)
      throws SQLException {
    return write(connection, version, new Unit(queryName, batchId, WHOLE_BATCH), batch, NOTHING);
  }

  /**
   * One output partition of a batch (or the whole batch for {@link #WHOLE_BATCH}), rows rendered
   * ahead; {@code beforeCommit} runs after the rows are written and before the commit (the Spark
   * job waits for Kafka there).
   */
  boolean write(
      Connection connection,
      PipelineVersion version,
      Unit unit,
      RenderedBatch batch,
      BatchStore.BeforeCommit beforeCommit)
      throws SQLException {
    check(unit.queryName(), unit.batchId());
    if (unit.partition() < WHOLE_BATCH) {
      throw new IllegalArgumentException(
          "output partitions are >= 0 (Spark's partition id), got " + unit.partition());
    }
    List<String> readings = OutputTable.linesOf(batch.readings());
    List<String> aggregates = OutputTable.linesOf(batch.aggregates());
    List<String> alerts = OutputTable.linesOf(batch.alerts());
    List<String> rejections = OutputTable.linesOf(batch.rejections());
    String schema = version.schema();
    Sizes sizes = new Sizes(readings.size(), aggregates.size(), alerts.size(), rejections.size());
    return inTransaction(
        connection,
        schema,
        unit,
        batch.counts(),
        sizes,
        beforeCommit,
        () -> {
          loader.upsertLines(connection, schema, OutputTables.READINGS, readings);
          loader.upsertLines(connection, schema, OutputTables.AGGREGATES, aggregates);
          loader.upsertLines(connection, schema, OutputTables.ALERTS, alerts);
          loader.upsertLines(connection, schema, OutputTables.REJECTIONS, rejections);
        });
  }

  /** What one transaction writes: a batch of a query, or one output partition of it. */
  record Unit(String queryName, long batchId, int partition) {}

  record Sizes(long readings, long aggregates, long alerts, long rejections) {}

  private interface Upserts {
    void run() throws SQLException;
  }

  private static void check(String queryName, long batchId) {
    if (queryName == null || queryName.isBlank()) {
      throw new IllegalArgumentException(
          "writeBatch needs the streaming query's name (the ledger is keyed by it)");
    }
    if (batchId < 0) {
      throw new IllegalArgumentException(
          "batch ids are >= 0 (Spark's foreachBatch batchId), got " + batchId);
    }
  }

  private static boolean inTransaction(
      Connection connection,
      String schema,
      Unit unit,
      BatchCounts counts,
      Sizes sizes,
      BatchStore.BeforeCommit beforeCommit,
      Upserts upserts)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      long started = System.nanoTime();
      if (!claim(connection, schema, unit, counts, sizes)) {
        connection.rollback();
        LOG.info(
            "{} batch {} partition {} of {} was committed before; replay ignored",
            unit.queryName(),
            unit.batchId(),
            unit.partition(),
            schema);
        return false;
      }
      upserts.run();
      try {
        beforeCommit.run();
      } catch (SQLException | RuntimeException e) {
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted before committing " + unit, e);
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      connection.commit();
      LOG.debug(
          "{} batch {} partition {} of {}: {} readings, {} aggregates, {} alerts, {} rejections in {} ms",
          unit.queryName(),
          unit.batchId(),
          unit.partition(),
          schema,
          sizes.readings(),
          sizes.aggregates(),
          sizes.alerts(),
          sizes.rejections(),
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

  static boolean claim(
      Connection connection, String schema, Unit unit, BatchCounts counts, Sizes sizes)
      throws SQLException {
    // A concurrent attempt at the same unit waits here on the first one's uncommitted entry, then
    // finds it. A partition
    // of a batch that was ledgered whole (written before per-partition ledgering), or a whole batch
    // of which some
    // partition was ledgered, counts as committed.
    String sql =
        "INSERT INTO "
            + schema
            + ".batch_partitions (query_name, batch_id, output_partition, rows_in,"
            + " accepted, rejected, duplicates, readings, aggregates, alerts, rejections)"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM "
            + schema
            + ".batch_partitions"
            + " WHERE query_name = ? AND batch_id = ? AND (output_partition = "
            + WHOLE_BATCH
            + " OR ? = "
            + WHOLE_BATCH
            + ")) ON CONFLICT (query_name, batch_id, output_partition) DO NOTHING";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, unit.queryName());
      ps.setLong(2, unit.batchId());
      ps.setInt(3, unit.partition());
      setCount(ps, 4, counts.rowsIn());
      setCount(ps, 5, counts.accepted());
      setCount(ps, 6, counts.rejected());
      setCount(ps, 7, counts.duplicates());
      ps.setLong(8, sizes.readings());
      ps.setLong(9, sizes.aggregates());
      ps.setLong(10, sizes.alerts());
      ps.setLong(11, sizes.rejections());
      ps.setString(12, unit.queryName());
      ps.setLong(13, unit.batchId());
      ps.setInt(14, unit.partition());
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
