package dev.geomonitor.batchstore;

import dev.geomonitor.domain.PipelineVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points the monitoring views at one pipeline version's tables. Every view is replaced and the
 * state row updated in one transaction: a reader's statement sees either all views of the old
 * version or all of the new one.
 */
final class ViewSwitcher {
  private static final Logger LOG = LoggerFactory.getLogger(ViewSwitcher.class);
  private static final String MONITORING = SchemaMigrator.MONITORING_SCHEMA;

  Optional<PipelineVersion> activeVersion(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT active_version FROM " + MONITORING + ".pipeline_state")) {
      if (!rs.next()) {
        throw new IllegalStateException(
            MONITORING + ".pipeline_state has no row: was it migrated by BatchStore?");
      }
      String label = rs.getString(1);
      return label == null ? Optional.empty() : Optional.of(PipelineVersion.parse(label));
    }
  }

  /**
   * @param onlyIfNoneActive leave the views alone when some version is already active (first
   *     migration of a database)
   * @return whether the views now point at {@code version} because of this call
   */
  boolean activate(Connection connection, PipelineVersion version, boolean onlyIfNoneActive)
      throws SQLException {
    requireMigrated(connection, version);
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      // The state row lock serialises concurrent activations; the view locks below then queue
      // readers briefly.
      String current;
      try (ResultSet rs =
          st.executeQuery(
              "SELECT active_version FROM " + MONITORING + ".pipeline_state FOR UPDATE")) {
        rs.next();
        current = rs.getString(1);
      }
      if (onlyIfNoneActive && current != null) {
        connection.rollback();
        return false;
      }
      for (String table : OutputTables.VIEWED_TABLES) {
        st.execute(
            "CREATE OR REPLACE VIEW "
                + MONITORING
                + "."
                + table
                + " AS SELECT "
                + String.join(", ", OutputTables.viewColumns(table))
                + " FROM "
                + version.schema()
                + "."
                + table);
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              "UPDATE "
                  + MONITORING
                  + ".pipeline_state SET active_version = ?, activated_at = now()")) {
        ps.setString(1, version.label());
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO "
                  + MONITORING
                  + ".activations (version, activated_at) VALUES (?, now())")) {
        ps.setString(1, version.label());
        ps.executeUpdate();
      }
      connection.commit();
      LOG.info(
          "monitoring views now show pipeline {} (were {})",
          version,
          current == null ? "empty" : current);
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

  private static void requireMigrated(Connection connection, PipelineVersion version)
      throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      for (String table : OutputTables.VIEWED_TABLES) {
        ps.setString(1, version.schema() + "." + table);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (!rs.getBoolean(1)) {
            throw new IllegalStateException(
                "cannot activate pipeline "
                    + version
                    + ": table "
                    + version.schema()
                    + "."
                    + table
                    + " does not exist; call BatchStore.migrate("
                    + version
                    + ") first");
          }
        }
      }
    }
  }
}
