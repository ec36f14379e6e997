package dev.geomonitor.batchstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The alternative the COPY loader was measured against: JDBC batches of single-row upserts, which
 * pgjdbc rewrites to multi-row INSERTs (reWriteBatchedInserts=true). Kept in tests only, for {@code
 * WriteStrategyComparisonIT}.
 */
final class BatchedInsertLoader implements RowLoader {
  private static final int ROWS_PER_EXECUTE = 10_000;

  @Override
  public long upsert(
      Connection connection, String schema, OutputTable<?> table, List<Object[]> rows)
      throws SQLException {
    long changed = 0;
    List<OutputTable.Column> columns = table.columns();
    try (PreparedStatement ps =
        connection.prepareStatement(UpsertSql.insertValues(schema, table))) {
      int pending = 0;
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          bind(connection, ps, i + 1, columns.get(i).type(), row[i]);
        }
        ps.addBatch();
        if (++pending == ROWS_PER_EXECUTE) {
          changed += sum(ps.executeBatch());
          pending = 0;
        }
      }
      if (pending > 0) {
        changed += sum(ps.executeBatch());
      }
    }
    return changed;
  }

  private static void bind(Connection c, PreparedStatement ps, int index, ColumnType type, Object v)
      throws SQLException {
    if (v == null) {
      ps.setNull(
          index,
          switch (type) {
            case FLOAT8 -> Types.DOUBLE;
            case INT8 -> Types.BIGINT;
            case INT4 -> Types.INTEGER;
            case BOOL -> Types.BOOLEAN;
            case TIMESTAMPTZ -> Types.TIMESTAMP_WITH_TIMEZONE;
            case TEXT_ARRAY -> Types.ARRAY;
            default -> Types.VARCHAR;
          });
      return;
    }
    switch (type) {
      case TEXT, JSONB -> ps.setString(index, (String) v);
      case FLOAT8 -> ps.setDouble(index, (Double) v);
      case INT8 -> ps.setLong(index, ((Number) v).longValue());
      case INT4 -> ps.setInt(index, ((Number) v).intValue());
      case BOOL -> ps.setBoolean(index, (Boolean) v);
      case TIMESTAMPTZ ->
          ps.setObject(index, OffsetDateTime.ofInstant((Instant) v, ZoneOffset.UTC));
      case TEXT_ARRAY -> ps.setArray(index, c.createArrayOf("text", (String[]) v));
    }
  }

  private static long sum(int[] counts) {
    long total = 0;
    for (int n : counts) {
      total += Math.max(n, 0);
    }
    return total;
  }
}
