package dev.geomonitor.local.page;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/** {@link BatchViews} over the stable PostgreSQL views in schema {@code monitoring}. */
public final class JdbcBatchViews implements BatchViews {

  static final String DAILY_SUMMARY_SQL =
      "SELECT day, instrument, borehole_number, count, min, max, mean, last, last_ts, unit"
          + " FROM monitoring.daily_summary ORDER BY day DESC, instrument, borehole_number LIMIT ?";

  static final String EXCEEDANCE_HISTORY_SQL =
      "SELECT instrument, borehole_number, status, previous_status, entered_at, left_at,"
          + " extract(epoch FROM duration) AS duration_seconds, ongoing, value, level, unit"
          + " FROM monitoring.exceedance_history ORDER BY entered_at DESC, instrument, borehole_number LIMIT ?";

  private final DataSource dataSource;

  public JdbcBatchViews(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public List<DailySummary> dailySummary(int limit) {
    return query(
        "monitoring.daily_summary",
        DAILY_SUMMARY_SQL,
        limit,
        rs ->
            new DailySummary(
                rs.getObject("day", LocalDate.class),
                rs.getString("instrument"),
                rs.getString("borehole_number"),
                rs.getLong("count"),
                rs.getDouble("min"),
                rs.getDouble("max"),
                rs.getDouble("mean"),
                rs.getDouble("last"),
                instant(rs.getTimestamp("last_ts")),
                rs.getString("unit")));
  }

  @Override
  public List<Exceedance> exceedanceHistory(int limit) {
    return query(
        "monitoring.exceedance_history",
        EXCEEDANCE_HISTORY_SQL,
        limit,
        rs -> {
          double seconds = rs.getDouble("duration_seconds");
          Duration duration = rs.wasNull() ? null : Duration.ofMillis(Math.round(seconds * 1000));
          return new Exceedance(
              rs.getString("instrument"),
              rs.getString("borehole_number"),
              rs.getString("status"),
              rs.getString("previous_status"),
              instant(rs.getTimestamp("entered_at")),
              instant(rs.getTimestamp("left_at")),
              duration,
              rs.getBoolean("ongoing"),
              rs.getDouble("value"),
              rs.getDouble("level"),
              rs.getString("unit"));
        });
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String view, String sql, int limit, RowReader<T> reader) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, limit);
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

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
