package dev.geomonitor.batchstore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * What the append-only version tables (review levels, V6; rate triggers, V10) share: the grace in
 * {@code monitoring.trigger_level_policy} and how the database refuses a version for its content.
 */
public final class VersionTables {
  private VersionTables() {}

  /** The grace between a version's addition and its earliest {@code effective_from}. */
  public static Duration grace(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (extract(epoch FROM grace) * 1000)::bigint FROM "
                    + SchemaMigrator.MONITORING_SCHEMA
                    + ".trigger_level_policy")) {
      if (!rs.next()) {
        throw new SQLException("monitoring.trigger_level_policy has no row", "P0002");
      }
      return Duration.ofMillis(rs.getLong(1));
    }
  }

  /**
   * True when the database refused an insert for what it holds (a check, a trigger's check
   * violation, a malformed value: SQLSTATE classes 22 and 23), not for a fault of its own: the
   * caller answers it as a bad request.
   */
  public static boolean refusedForContent(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("23") || state.startsWith("22"));
  }
}
