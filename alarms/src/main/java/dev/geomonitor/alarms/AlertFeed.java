package dev.geomonitor.alarms;

import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The alerts not applied yet, from {@code monitoring.alerts} (the active pipeline version's
 * alerts). Oldest reading first: within a series the job publishes on-time alerts in increasing
 * reading time, so this is the series' order.
 */
public final class AlertFeed implements AlertSource {
  private final DataSource dataSource;
  private final Instant from;

  /**
   * @param from alerts of readings stamped before it are ignored (null: none); set it when alarms
   *     are introduced on a site with a history, so years-old crossings raise nothing
   */
  public AlertFeed(DataSource dataSource, Instant from) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.from = from;
  }

  @Override
  public List<StatusAlert> next(int limit) {
    String sql =
        "SELECT a.alert_id, a.pipeline_version, a.instrument, a.borehole_number, a.ts, a.previous_status,"
            + " a.status, a.value, a.baseline, a.change_from_baseline, a.level, a.unit, a.lat, a.lon, a.reading_id,"
            + " a.late, a.late_by FROM monitoring.alerts a"
            + " WHERE NOT EXISTS (SELECT 1 FROM monitoring.alarm_processed_alerts p WHERE p.alert_id = a.alert_id)"
            + (from == null ? "" : " AND a.ts >= ?")
            + " ORDER BY a.ts, a.alert_id LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (from != null) {
        AlarmRows.setInstant(ps, i++, from);
      }
      ps.setInt(i, limit);
      List<StatusAlert> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String previous = rs.getString("previous_status");
          out.add(
              new StatusAlert(
                  rs.getString("alert_id"),
                  rs.getString("pipeline_version"),
                  rs.getString("instrument"),
                  rs.getString("borehole_number"),
                  AlarmRows.instant(rs, "ts"),
                  previous == null ? null : TriggerStatus.valueOf(previous),
                  TriggerStatus.valueOf(rs.getString("status")),
                  rs.getDouble("value"),
                  rs.getDouble("baseline"),
                  rs.getDouble("change_from_baseline"),
                  rs.getDouble("level"),
                  rs.getString("unit"),
                  (Double) rs.getObject("lat"),
                  (Double) rs.getObject("lon"),
                  rs.getString("reading_id"),
                  rs.getBoolean("late"),
                  rs.getString("late_by")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new AlarmStoreException(
          "cannot read new alerts from monitoring.alerts: "
              + e.getMessage()
              + " [SQLSTATE "
              + e.getSQLState()
              + "]",
          e);
    }
  }
}
