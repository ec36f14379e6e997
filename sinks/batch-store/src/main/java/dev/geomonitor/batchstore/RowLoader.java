package dev.geomonitor.batchstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Upserts rows into one output table inside the caller's transaction (never commits). */
interface RowLoader {
  /** @return the number of rows inserted or changed */
  long upsert(Connection connection, String schema, OutputTable<?> table, List<Object[]> rows) throws SQLException;
}
