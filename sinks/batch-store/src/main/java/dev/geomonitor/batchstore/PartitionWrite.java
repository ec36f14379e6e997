package dev.geomonitor.batchstore;

import dev.geomonitor.domain.PipelineVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * One output partition of a micro-batch written as it is produced, in ONE transaction: the ledger
 * row (query, batch, partition) is claimed first, rows are COPYed in chunks while the caller is
 * still computing the rest (memory stays bounded by a chunk, and the database works while the
 * caller's core computes), and {@link #commit} sets the partition's counts and commits. Closing
 * without a commit rolls everything back, ledger row included.
 *
 * <p>With {@link RowOutcomes} set, a chunk PostgreSQL refuses for a row's content (SQLSTATE class
 * 22, a data exception; class 23, a constraint; 54000, a row over a limit) is rolled back to a
 * savepoint and written again in halves, down to the single rows it refuses: those are handed to
 * {@link RowOutcomes#refused} (and replaced by the rejection row it returns), the others are
 * written, all in the same transaction with the same ledger row. Any other failure (connection,
 * server shutting down, serialization) still fails the write: the partition is retried.
 *
 * <p>Made by {@link BatchStore#openPartition}; not thread-safe (one per partition task).
 */
public final class PartitionWrite implements AutoCloseable {
  /** What became of the rows handed in, chunk by chunk, as they reach PostgreSQL. */
  public interface RowOutcomes {
    /**
     * These rows are written in the transaction (they commit with it); the same instances that were
     * handed in.
     */
    void written(List<CopyLine> lines);

    /**
     * PostgreSQL refused this row for its content. Returns the row for the {@code rejections} table
     * that records the refusal in its place (written in the same transaction), or null when there
     * is none to write.
     */
    CopyLine refused(String table, CopyLine line, String sqlState, String message);
  }

  /**
   * Lines per table buffered before they are COPYed: ~5 MB of text, large enough to amortise a
   * COPY.
   */
  static final int CHUNK_LINES = 20_000;

  private final Connection connection;
  private final String schema;
  private final BatchWriter.Unit unit;
  private final RowLoader loader;
  private final List<CopyLine> readings = new ArrayList<>();
  private final List<CopyLine> aggregates = new ArrayList<>();
  private final List<CopyLine> alerts = new ArrayList<>();
  private final List<CopyLine> rejections = new ArrayList<>();
  private long readingRows;
  private long aggregateRows;
  private long alertRows;
  private long rejectionRows;
  private long writeNanos;
  private boolean done;
  private RowOutcomes outcomes;
  private long refusedRows;

  PartitionWrite(
      Connection connection, PipelineVersion version, BatchWriter.Unit unit, RowLoader loader) {
    this.connection = connection;
    this.schema = version.schema();
    this.unit = unit;
    this.loader = loader;
  }

  /**
   * Reports each row's fate to {@code outcomes} and lets rows PostgreSQL refuses for their content
   * be set aside; without it (the default) such a row fails the write as any other error does.
   */
  public PartitionWrite reportingTo(RowOutcomes outcomes) {
    this.outcomes = outcomes;
    return this;
  }

  /**
   * Rows PostgreSQL refused for their content so far (each handed to {@link RowOutcomes#refused}).
   */
  public long refusedRows() {
    return refusedRows;
  }

  public void reading(CopyLine line) {
    readingRows++;
    add(readings, OutputTables.READINGS, line);
  }

  public void aggregate(CopyLine line) {
    aggregateRows++;
    add(aggregates, OutputTables.AGGREGATES, line);
  }

  public void alert(CopyLine line) {
    alertRows++;
    add(alerts, OutputTables.ALERTS, line);
  }

  public void rejection(CopyLine line) {
    rejectionRows++;
    add(rejections, OutputTables.REJECTIONS, line);
  }

  /** Rows handed in so far. */
  public long rows() {
    return readingRows + aggregateRows + alertRows + rejectionRows;
  }

  /** Time spent in the database so far (chunk COPYs and the commit), in milliseconds. */
  public long writeMillis() {
    return writeNanos / 1_000_000;
  }

  /** Writes every row still buffered (inside the transaction; nothing is committed). */
  public void writeBuffered() {
    long started = System.nanoTime();
    try {
      flush(readings, OutputTables.READINGS);
      flush(aggregates, OutputTables.AGGREGATES);
      flush(alerts, OutputTables.ALERTS);
      flush(rejections, OutputTables.REJECTIONS);
    } catch (SQLException e) {
      throw failure(e);
    } finally {
      writeNanos += System.nanoTime() - started;
    }
  }

  /**
   * Writes what is still buffered, records {@code counts} in the partition's ledger row, runs
   * {@code beforeCommit} (the job waits for Kafka there) and commits.
   */
  public void commit(BatchCounts counts, BatchStore.BeforeCommit beforeCommit) {
    long started = System.nanoTime();
    try {
      flush(readings, OutputTables.READINGS);
      flush(aggregates, OutputTables.AGGREGATES);
      flush(alerts, OutputTables.ALERTS);
      flush(rejections, OutputTables.REJECTIONS);
      recordCounts(counts);
      beforeCommit.run();
      connection.commit();
      done = true;
    } catch (SQLException e) {
      throw failure(e);
    } catch (RuntimeException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted before committing " + unit, e);
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    } finally {
      writeNanos += System.nanoTime() - started;
    }
  }

  /**
   * Rolls back unless committed (an empty partition, or a failure), then releases the connection.
   */
  @Override
  public void close() {
    try (Connection c = connection) {
      if (!done) {
        c.rollback();
      }
    } catch (SQLException e) {
      if (done) {
        throw failure(e);
      }
      // The transaction dies with the connection either way.
    }
  }

  private void add(List<CopyLine> buffer, OutputTable<?> table, CopyLine line) {
    buffer.add(line);
    if (buffer.size() >= CHUNK_LINES) {
      long started = System.nanoTime();
      try {
        flush(buffer, table);
      } catch (SQLException e) {
        throw failure(e);
      } finally {
        writeNanos += System.nanoTime() - started;
      }
    }
  }

  private void flush(List<CopyLine> buffer, OutputTable<?> table) throws SQLException {
    if (buffer.isEmpty()) {
      return;
    }
    if (outcomes == null) {
      loader.upsertLines(connection, schema, table, OutputTable.linesOf(buffer));
      buffer.clear();
      return;
    }
    List<CopyLine> lines = new ArrayList<>(buffer);
    buffer.clear();
    writeSettingAsideRefused(lines, table);
  }

  /**
   * Writes the lines; on a content refusal, rolls back to before them and writes each half the same
   * way.
   */
  private void writeSettingAsideRefused(List<CopyLine> lines, OutputTable<?> table)
      throws SQLException {
    Savepoint before = connection.setSavepoint();
    try {
      loader.upsertLines(connection, schema, table, OutputTable.linesOf(lines));
      connection.releaseSavepoint(before);
    } catch (SQLException e) {
      if (!refusedForContent(e.getSQLState())) {
        throw e;
      }
      connection.rollback(before);
      if (lines.size() == 1) {
        setAside(table, lines.get(0), e);
        return;
      }
      int half = lines.size() / 2;
      writeSettingAsideRefused(lines.subList(0, half), table);
      writeSettingAsideRefused(lines.subList(half, lines.size()), table);
      return;
    }
    outcomes.written(lines);
  }

  private void setAside(OutputTable<?> table, CopyLine line, SQLException e) {
    refusedRows++;
    if (table == OutputTables.READINGS) {
      readingRows--;
    } else if (table == OutputTables.AGGREGATES) {
      aggregateRows--;
    } else if (table == OutputTables.ALERTS) {
      alertRows--;
    } else {
      rejectionRows--;
    }
    CopyLine instead = outcomes.refused(table.name(), line, e.getSQLState(), e.getMessage());
    if (instead != null) {
      rejection(instead);
    }
  }

  /**
   * A refusal caused by the row itself, not by the database's state: data exceptions (22: invalid
   * byte sequence, value out of range...), integrity constraints (23: CHECK, NOT NULL; the ledger's
   * own unique key is claimed elsewhere and duplicates of a row are merged by the loader), program
   * limits (54000: a row too large for an index).
   */
  static boolean refusedForContent(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("22") || sqlState.startsWith("23") || sqlState.equals("54000"));
  }

  private void recordCounts(BatchCounts counts) throws SQLException {
    String sql =
        "UPDATE "
            + schema
            + ".batch_partitions SET rows_in = ?, accepted = ?, rejected = ?, duplicates = ?,"
            + " readings = ?, aggregates = ?, alerts = ?, rejections = ?, beyond_horizon = ?"
            + " WHERE query_name = ? AND batch_id = ? AND output_partition = ?";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      count(ps, 1, counts.rowsIn());
      count(ps, 2, counts.accepted());
      count(ps, 3, counts.rejected());
      count(ps, 4, counts.duplicates());
      ps.setLong(5, readingRows);
      ps.setLong(6, aggregateRows);
      ps.setLong(7, alertRows);
      ps.setLong(8, rejectionRows);
      ps.setLong(9, counts.beyondHorizon());
      ps.setString(10, unit.queryName());
      ps.setLong(11, unit.batchId());
      ps.setInt(12, unit.partition());
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException(
            "the ledger row of " + unit + " vanished inside its own transaction");
      }
    }
  }

  private static void count(PreparedStatement ps, int index, long value) throws SQLException {
    if (value == BatchCounts.UNKNOWN) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  private BatchStoreException failure(SQLException e) {
    return new BatchStoreException(
        "cannot write batch "
            + unit.batchId()
            + " partition "
            + unit.partition()
            + " of query "
            + unit.queryName()
            + " to "
            + schema
            + ": "
            + e.getMessage()
            + " [SQLSTATE "
            + e.getSQLState()
            + "]",
        e);
  }
}
