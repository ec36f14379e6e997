package dev.geomonitor.batchstore;

import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevels;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * Mirrors a TriggerLevelCatalog into monitoring.trigger_levels, replacing its content in one
 * transaction.
 */
final class TriggerLevelTable {

  /**
   * @return the number of rows the table now holds
   */
  int sync(Connection connection, TriggerLevelCatalog catalog) throws SQLException {
    List<TriggerLevels> levels = catalog.all();
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement();
        PreparedStatement ps =
            connection.prepareStatement(
                "INSERT INTO "
                    + SchemaMigrator.MONITORING_SCHEMA
                    + ".trigger_levels"
                    + " (instrument, borehole_number, direction, baseline, alert, alarm, action,"
                    + " persistence, hysteresis)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      st.executeUpdate("DELETE FROM " + SchemaMigrator.MONITORING_SCHEMA + ".trigger_levels");
      for (TriggerLevels l : levels) {
        ps.setString(1, l.instrument());
        ps.setString(2, l.boreholeNumber());
        ps.setString(3, l.direction().name());
        if (l.baseline() == null) {
          ps.setNull(4, Types.DOUBLE);
        } else {
          ps.setDouble(4, l.baseline());
        }
        ps.setDouble(5, l.alert());
        ps.setDouble(6, l.alarm());
        ps.setDouble(7, l.action());
        ps.setInt(8, l.persistence());
        ps.setDouble(9, l.hysteresis());
        ps.addBatch();
      }
      ps.executeBatch();
      connection.commit();
      return levels.size();
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    }
  }
}
