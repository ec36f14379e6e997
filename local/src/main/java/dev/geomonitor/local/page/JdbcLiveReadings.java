package dev.geomonitor.local.page;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@link LiveReadings} over the stable PostgreSQL views ({@code monitoring.latest_readings}, {@code
 * monitoring.readings}, {@code monitoring.alerts}): the page's source when OpenSearch is not part
 * of the run.
 */
public final class JdbcLiveReadings implements LiveReadings {

  private static final String READING_COLUMNS =
      "reading_id, pipeline_version, instrument, borehole_number, axis, ts, value, unit, quantity, surface_level,"
          + " northing, easting, lat, lon, depth_below_surface, baseline, change_from_baseline,"
          + " change_since_previous, trigger_status, api_version, fetched_at";

  static final String LATEST_SQL = "SELECT " + READING_COLUMNS + " FROM monitoring.latest_readings";

  static final String SERIES_SQL =
      "SELECT "
          + READING_COLUMNS
          + " FROM monitoring.readings WHERE instrument = ? AND borehole_number = ?"
          + " ORDER BY ts DESC LIMIT ?";

  static final String ALERTS_SQL =
      "SELECT alert_id, pipeline_version, instrument, borehole_number, ts, previous_status, status, value, baseline,"
          + " change_from_baseline, level, unit, lat, lon, reading_id FROM monitoring.alerts"
          + " ORDER BY ts DESC, instrument, borehole_number LIMIT ?";

  private final DataSource dataSource;

  public JdbcLiveReadings(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public List<EnrichedReading> latestPerInstrument() {
    return query("monitoring.latest_readings", LATEST_SQL, ps -> {}, JdbcLiveReadings::reading);
  }

  @Override
  public List<EnrichedReading> series(String instrument, String boreholeNumber, int limit) {
    List<EnrichedReading> newestFirst =
        query(
            "monitoring.readings",
            SERIES_SQL,
            ps -> {
              ps.setString(1, instrument);
              ps.setString(2, boreholeNumber);
              ps.setInt(3, limit);
            },
            JdbcLiveReadings::reading);
    List<EnrichedReading> oldestFirst = new ArrayList<>(newestFirst);
    Collections.reverse(oldestFirst);
    return oldestFirst;
  }

  @Override
  public List<StatusAlert> latestAlerts(int limit) {
    return query(
        "monitoring.alerts",
        ALERTS_SQL,
        ps -> ps.setInt(1, limit),
        rs ->
            new StatusAlert(
                rs.getString("alert_id"),
                rs.getString("pipeline_version"),
                rs.getString("instrument"),
                rs.getString("borehole_number"),
                instant(rs.getTimestamp("ts")),
                status(rs.getString("previous_status")),
                status(rs.getString("status")),
                rs.getDouble("value"),
                rs.getDouble("baseline"),
                rs.getDouble("change_from_baseline"),
                rs.getDouble("level"),
                rs.getString("unit"),
                nullableDouble(rs, "lat"),
                nullableDouble(rs, "lon"),
                rs.getString("reading_id")));
  }

  private static EnrichedReading reading(ResultSet rs) throws SQLException {
    return new EnrichedReading(
        rs.getString("reading_id"),
        rs.getString("pipeline_version"),
        rs.getString("instrument"),
        rs.getString("borehole_number"),
        rs.getString("axis"),
        instant(rs.getTimestamp("ts")),
        rs.getDouble("value"),
        rs.getString("unit"),
        rs.getString("quantity"),
        nullableDouble(rs, "surface_level"),
        rs.getDouble("northing"),
        rs.getDouble("easting"),
        rs.getDouble("lat"),
        rs.getDouble("lon"),
        nullableDouble(rs, "depth_below_surface"),
        nullableDouble(rs, "baseline"),
        nullableDouble(rs, "change_from_baseline"),
        nullableDouble(rs, "change_since_previous"),
        status(rs.getString("trigger_status")),
        rs.getString("api_version"),
        instant(rs.getTimestamp("fetched_at")));
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String view, String sql, Binder binder, RowReader<T> reader) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(reader.read(rs));
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new PageDataException(
          "cannot read "
              + view
              + " ("
              + e.getMessage()
              + "): is PostgreSQL up and the batch store migrated?",
          e);
    }
  }

  private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  private static TriggerStatus status(String s) {
    return s == null ? null : TriggerStatus.valueOf(s);
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
