package dev.geomonitor.alarms;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Watches every instrument for silence and flat traces.
 *
 * <p><b>Stale</b> is judged in processing time: the watch remembers, per instrument, the newest reading time it has
 * seen and when it first saw it ({@code monitoring.instrument_watch}). An instrument whose newest reading has not
 * changed for longer than its expected interval is STALE; the alarm clears when a newer reading arrives. A replay
 * that re-delivers old readings changes no newest reading, so it neither raises nor clears anything. An instrument is
 * first seen when the watch starts: it has one full interval before it can be stale.
 *
 * <p><b>Flatline</b>: the instrument's latest {@code count} readings (by reading time) all have exactly the same value.
 * It is judged on the instrument's readings as a whole; for a point with several axes the latest readings mix them,
 * so a single flat axis among moving ones is not detected.
 */
public final class InstrumentWatch {
  private final DataSource dataSource;
  private final AlarmStore store;

  public InstrumentWatch(DataSource dataSource, AlarmStore store) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.store = Objects.requireNonNull(store, "store");
  }

  /** One instrument's state as the watch saw it this pass. */
  record Seen(String instrument, String boreholeNumber, Instant latestTs, Instant lastSeenAt, boolean flat) {}

  /** One pass: updates what was seen, raises and clears STALE and FLATLINE alarms; returns the instruments seen. */
  public int check(Instant now, AlarmPolicy policy) {
    List<Seen> seen = observe(now, policy.flatlineCount());
    Map<String, AlarmState> stale = store.openStates(AlarmKind.STALE);
    Map<String, AlarmState> flatline = store.openStates(AlarmKind.FLATLINE);
    for (Seen s : seen) {
      String key = s.instrument() + ":" + s.boreholeNumber();
      Optional<Duration> interval = policy.stale().intervalOf(s.instrument(), s.boreholeNumber());
      if (interval.isPresent()) {
        Duration silent = Duration.between(s.lastSeenAt(), now);
        if (silent.compareTo(interval.get()) > 0) {
          if (needsRaise(stale.get(key))) {
            store.watchActive(AlarmKind.STALE, s.instrument(), s.boreholeNumber(),
              "no new reading since " + s.latestTs() + " (first seen " + s.lastSeenAt() + "); expected every "
                  + interval.get(), now);
          }
        } else if (isActive(stale.get(key))) {
          store.watchGone(AlarmKind.STALE, s.instrument(), s.boreholeNumber(), "reporting again", now);
        }
      }
      if (policy.flatlineCount() >= 2) {
        if (s.flat()) {
          if (needsRaise(flatline.get(key))) {
            store.watchActive(AlarmKind.FLATLINE, s.instrument(), s.boreholeNumber(),
                "the latest " + policy.flatlineCount() + " readings have exactly the same value", now);
          }
        } else if (isActive(flatline.get(key))) {
          store.watchGone(AlarmKind.FLATLINE, s.instrument(), s.boreholeNumber(), "values vary again", now);
        }
      }
    }
    return seen.size();
  }

  private static boolean needsRaise(AlarmState open) {
    return open == null || open == AlarmState.CLEARED;
  }

  private static boolean isActive(AlarmState open) {
    return open == AlarmState.RAISED || open == AlarmState.ACKNOWLEDGED;
  }

  private List<Seen> observe(Instant now, int flatlineCount) {
    // The newest reading of each instrument (the view walks the index: cost grows with instruments, not readings),
    // merged into what the watch remembers: last_seen_at moves only when the newest reading time moves.
    String upsert = "INSERT INTO monitoring.instrument_watch AS w (instrument, borehole_number, latest_ts,"
        + " last_seen_at) SELECT l.instrument, l.borehole_number, l.ts, ? FROM monitoring.latest_readings l"
        + " ON CONFLICT (instrument, borehole_number) DO UPDATE SET latest_ts = excluded.latest_ts,"
        + " last_seen_at = excluded.last_seen_at WHERE excluded.latest_ts > w.latest_ts";
    String flat = flatlineCount < 2 ? "false" : "(SELECT count(*) = ? AND count(DISTINCT r.value) = 1 FROM ("
        + "SELECT value FROM monitoring.readings x WHERE x.instrument = w.instrument"
        + " AND x.borehole_number = w.borehole_number ORDER BY x.ts DESC LIMIT ?) r)";
    String read = "SELECT w.instrument, w.borehole_number, w.latest_ts, w.last_seen_at, " + flat + " AS flat"
        + " FROM monitoring.instrument_watch w ORDER BY w.instrument, w.borehole_number";
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(upsert)) {
        AlarmRows.setInstant(ps, 1, now);
        ps.executeUpdate();
      }
      List<Seen> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(read)) {
        if (flatlineCount >= 2) {
          ps.setLong(1, flatlineCount);
          ps.setInt(2, flatlineCount);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Seen(rs.getString(1), rs.getString(2), AlarmRows.instant(rs, "latest_ts"),
                AlarmRows.instant(rs, "last_seen_at"), rs.getBoolean("flat")));
          }
        }
      }
      c.commit();
      return out;
    } catch (SQLException e) {
      throw new AlarmStoreException("cannot watch instruments through monitoring.latest_readings: " + e.getMessage()
          + " [SQLSTATE " + e.getSQLState() + "]", e);
    }
  }
}
