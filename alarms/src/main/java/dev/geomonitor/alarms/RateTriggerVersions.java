package dev.geomonitor.alarms;

import dev.geomonitor.batchstore.VersionTables;
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
 * The versioned rate-of-change triggers in {@code monitoring.rate_trigger_versions} (migration
 * V10): append-only, each version with who, when and why. The database stamps {@code changed_at},
 * refuses an {@code effective_from} inside the grace (the one of the review levels, {@code
 * monitoring.trigger_level_policy}) and a rule out of order; this class only reads and appends.
 */
public final class RateTriggerVersions {
  private static final String TABLE = "monitoring.rate_trigger_versions";
  private static final String COLUMNS =
      "version_id, instrument, borehole_number, change,"
          + " (extract(epoch FROM within) * 1000)::bigint AS within_ms, clear_below,"
          + " effective_from, changed_by, changed_at, reason";

  /** Every version and the grace, read in one snapshot. */
  public record Snapshot(List<RateTriggerVersion> versions, Duration grace) {}

  private final DataSource dataSource;

  public RateTriggerVersions(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Every version, in the order they were added.
   *
   * @throws AlarmStoreException when the table cannot be read (the watch's pass fails and the next
   *     one retries: it never judges with triggers it could not read)
   */
  public Snapshot load() {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        Duration grace = VersionTables.grace(c);
        List<RateTriggerVersion> versions = new ArrayList<>();
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
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new AlarmStoreException(
          "cannot read the rate trigger versions from "
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
   * @param boreholeNumber null for the instrument type's trigger
   * @param rule null to switch the scope's trigger off
   * @param effectiveFrom null for the earliest instant the grace allows
   * @throws IllegalArgumentException when the database refuses it for its content (an unknown type,
   *     a rule out of order, effective_from inside the grace), with its reason
   */
  public RateTriggerVersion add(
      String instrument,
      String boreholeNumber,
      RateTriggers.Rule rule,
      Instant effectiveFrom,
      String changedBy,
      String reason) {
    String sql =
        "INSERT INTO "
            + TABLE
            + " (instrument, borehole_number, change, within, clear_below, effective_from,"
            + " changed_by, changed_at, reason) VALUES (?, ?, ?, make_interval(secs => ?), ?, ?,"
            + " ?, clock_timestamp(), ?) RETURNING "
            + COLUMNS;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      c.setAutoCommit(true);
      ps.setString(1, instrument);
      ps.setString(2, boreholeNumber);
      if (rule == null) {
        ps.setNull(3, Types.DOUBLE);
        ps.setNull(4, Types.DOUBLE);
        ps.setNull(5, Types.DOUBLE);
      } else {
        ps.setDouble(3, rule.change());
        ps.setDouble(4, rule.within().toMillis() / 1000.0);
        ps.setDouble(5, rule.clearBelow());
      }
      if (effectiveFrom == null) {
        ps.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        ps.setTimestamp(6, Timestamp.from(effectiveFrom));
      }
      ps.setString(7, changedBy);
      ps.setString(8, reason);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return version(rs);
      }
    } catch (SQLException e) {
      if (VersionTables.refusedForContent(e)) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      throw new AlarmStoreException(
          "cannot add a rate trigger version to "
              + TABLE
              + ": "
              + e.getMessage()
              + " [SQLSTATE "
              + e.getSQLState()
              + "]",
          e);
    }
  }

  private static RateTriggerVersion version(ResultSet rs) throws SQLException {
    double change = rs.getDouble("change");
    RateTriggers.Rule rule =
        rs.wasNull()
            ? null
            : new RateTriggers.Rule(
                change, Duration.ofMillis(rs.getLong("within_ms")), rs.getDouble("clear_below"));
    return new RateTriggerVersion(
        rs.getLong("version_id"),
        rs.getString("instrument"),
        rs.getString("borehole_number"),
        rule,
        rs.getTimestamp("effective_from").toInstant(),
        rs.getString("changed_by"),
        rs.getTimestamp("changed_at").toInstant(),
        rs.getString("reason"));
  }
}
