package dev.geomonitor.batchstore;

import dev.geomonitor.domain.TriggerLevelVersion;
import dev.geomonitor.domain.TriggerLevels;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The versioned review levels in {@code monitoring.trigger_level_versions} (migration V6):
 * append-only, each version with who, when and why. The database stamps {@code changed_at} and
 * refuses an {@code effective_from} inside the grace; this class only reads and appends.
 */
public final class TriggerLevelVersions {
  private static final String TABLE = SchemaMigrator.MONITORING_SCHEMA + ".trigger_level_versions";
  private static final String COLUMNS =
      "version_id, instrument, borehole_number, direction, baseline, alert, alarm, action,"
          + " persistence, hysteresis, effective_from, changed_by, changed_at, reason";

  /** Every version and the grace, read in one snapshot. */
  public record Snapshot(List<TriggerLevelVersion> versions, Duration grace) {}

  private final DataSource dataSource;

  public TriggerLevelVersions(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Every version, in the order they were added. */
  public Snapshot load() {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        Duration grace = VersionTables.grace(c);
        List<TriggerLevelVersion> versions = new ArrayList<>();
        try (Statement st = c.createStatement();
            ResultSet rs =
                st.executeQuery("SELECT " + COLUMNS + " FROM " + TABLE + " ORDER BY version_id")) {
          while (rs.next()) {
            versions.add(version(rs));
          }
        }
        c.commit();
        return new Snapshot(List.copyOf(versions), grace);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new BatchStoreException(
          "cannot read the trigger level versions from "
              + TABLE
              + ": "
              + e.getMessage()
              + " [SQLSTATE "
              + e.getSQLState()
              + "]",
          e);
    }
  }

  /**
   * Appends a version.
   *
   * @param effectiveFrom null for the earliest instant the grace allows
   * @throws IllegalArgumentException when the database refuses it for its content (levels out of
   *     order, effective_from inside the grace, no author or reason), with its reason
   */
  public TriggerLevelVersion add(
      TriggerLevels levels, Instant effectiveFrom, String changedBy, String reason) {
    String sql =
        "INSERT INTO "
            + TABLE
            + " (instrument, borehole_number, direction, baseline, alert, alarm, action,"
            + " persistence, hysteresis, effective_from, changed_by, changed_at, reason)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp(), ?) RETURNING "
            + COLUMNS;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      c.setAutoCommit(true);
      ps.setString(1, levels.instrument());
      ps.setString(2, levels.boreholeNumber());
      ps.setString(3, levels.direction().name());
      if (levels.baseline() == null) {
        ps.setNull(4, Types.DOUBLE);
      } else {
        ps.setDouble(4, levels.baseline());
      }
      ps.setDouble(5, levels.alert());
      ps.setDouble(6, levels.alarm());
      ps.setDouble(7, levels.action());
      ps.setInt(8, levels.persistence());
      ps.setDouble(9, levels.hysteresis());
      if (effectiveFrom == null) {
        ps.setNull(10, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        ps.setTimestamp(10, Timestamp.from(effectiveFrom));
      }
      ps.setString(11, changedBy);
      ps.setString(12, reason);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return version(rs);
      }
    } catch (SQLException e) {
      if (VersionTables.refusedForContent(e)) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      throw new BatchStoreException(
          "cannot add a trigger level version to "
              + TABLE
              + ": "
              + e.getMessage()
              + " [SQLSTATE "
              + e.getSQLState()
              + "]",
          e);
    }
  }

  private static TriggerLevelVersion version(ResultSet rs) throws SQLException {
    double baseline = rs.getDouble("baseline");
    Double base = rs.wasNull() ? null : baseline;
    TriggerLevels levels =
        new TriggerLevels(
            rs.getString("instrument"),
            rs.getString("borehole_number"),
            TriggerLevels.Direction.valueOf(rs.getString("direction")),
            base,
            rs.getDouble("alert"),
            rs.getDouble("alarm"),
            rs.getDouble("action"),
            rs.getInt("persistence"),
            rs.getDouble("hysteresis"));
    return new TriggerLevelVersion(
        rs.getLong("version_id"),
        levels,
        rs.getTimestamp("effective_from").toInstant(),
        rs.getString("changed_by"),
        rs.getTimestamp("changed_at").toInstant(),
        rs.getString("reason"));
  }
}
