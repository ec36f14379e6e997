package dev.geomonitor.batchstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Upserts rows into one output table inside the caller's transaction (never commits). */
interface RowLoader {
  /**
   * @return the number of rows inserted or changed
   */
  long upsert(Connection connection, String schema, OutputTable<?> table, List<Object[]> rows)
      throws SQLException;

  /**
   * Rows already rendered as COPY text lines (see {@link CopyLine}); only a COPY-based loader can
   * take them.
   */
  default long upsertLines(
      Connection connection, String schema, OutputTable<?> table, List<String> lines)
      throws SQLException {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " cannot load COPY text lines");
  }
}
