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
 * <p><b>Stale</b> is judged in processing time: the watch remembers, per instrument, the newest
 * reading time it has seen and when it first saw it ({@code monitoring.instrument_watch}). An
 * instrument whose newest reading has not changed for longer than its expected interval is STALE;
 * the alarm clears when a newer reading arrives. A replay that re-delivers old readings changes no
 * newest reading, so it neither raises nor clears anything. An instrument is first seen when the
 * watch starts: it has one full interval before it can be stale.
 *
 * <p><b>Flatline</b>: the instrument's latest {@code count} readings (by reading time) all have
 * exactly the same value. It is judged on the instrument's readings as a whole; for a point with
 * several axes the latest readings mix them, so a single flat axis among moving ones is not
 * detected.
 *
 * <p><b>Rate of change</b>: the trigger in force at the event time of the instrument's newest
 * reading ({@link RateTriggerHistory}: the versions of {@code monitoring.rate_trigger_versions}
 * over the alarms file's {@code rate} section). The versions are read at the start of every pass,
 * so one added while the processor runs is used from the next pass on; the grace the database
 * imposes on {@code effective_from} is far longer than a pass, so no reading a version applies to
 * is judged before a pass has it.
 */
public final class InstrumentWatch {
  private final DataSource dataSource;
  private final AlarmStore store;
  private final RateTriggerVersions rateVersions;

  /** A watch that reads the rate trigger versions from the same database. */
  public InstrumentWatch(DataSource dataSource, AlarmStore store) {
    this(dataSource, store, new RateTriggerVersions(dataSource));
  }

  public InstrumentWatch(
      DataSource dataSource, AlarmStore store, RateTriggerVersions rateVersions) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.store = Objects.requireNonNull(store, "store");
    this.rateVersions = Objects.requireNonNull(rateVersions, "rateVersions");
  }

  /** One instrument's state as the watch saw it this pass. */
  record Seen(
      String instrument,
      String boreholeNumber,
      Instant latestTs,
      Instant lastSeenAt,
      boolean flat,
      boolean moved) {}

  /**
   * One pass: updates what was seen, raises and clears STALE and FLATLINE alarms; returns the
   * instruments seen.
   */
  public int check(Instant now, AlarmPolicy policy) {
    // Before the readings: a version accepted after this load takes effect at least the grace
    // later, after every reading this pass can see.
    RateTriggerHistory rates =
        RateTriggerHistory.of(policy.rates(), rateVersions.load().versions());
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
            store.watchActive(
                AlarmKind.STALE,
                s.instrument(),
                s.boreholeNumber(),
                "no new reading since "
                    + s.latestTs()
                    + " (first seen "
                    + s.lastSeenAt()
                    + "); expected every "
                    + interval.get(),
                now);
          }
        } else if (isActive(stale.get(key))) {
          store.watchGone(
              AlarmKind.STALE, s.instrument(), s.boreholeNumber(), "reporting again", now);
        }
      }
      if (policy.flatlineCount() >= 2) {
        if (s.flat()) {
          if (needsRaise(flatline.get(key))) {
            store.watchActive(
                AlarmKind.FLATLINE,
                s.instrument(),
                s.boreholeNumber(),
                "the latest " + policy.flatlineCount() + " readings have exactly the same value",
                now);
          }
        } else if (isActive(flatline.get(key))) {
          store.watchGone(
              AlarmKind.FLATLINE, s.instrument(), s.boreholeNumber(), "values vary again", now);
        }
      }
    }
    if (!rates.isEmpty()) {
      checkRates(seen, now, rates);
    }
    return seen.size();
  }

  /**
   * RATE: for each instrument whose newest reading moved this pass and that has a trigger at that
   * reading's event time, the change from the earliest reading of the same series within {@code
   * within} before the newest one (reading time: a function of the readings and the versions, so a
   * replay judges alike). Raised above {@code change}, cleared below {@code clear_below}; in
   * between nothing changes. The trigger in force judges both ways: an alarm raised under an older
   * version clears by the newer one's {@code clear_below}.
   */
  private void checkRates(List<Seen> seen, Instant now, RateTriggerHistory rates) {
    Map<String, AlarmState> open = store.openStates(AlarmKind.RATE);
    String sql =
        "SELECT l.value - f.value, l.ts AS latest_ts, f.ts AS from_ts, l.unit FROM (SELECT value, ts, axis, unit FROM monitoring.readings"
            + " WHERE instrument = ? AND borehole_number = ? AND ts <= ? ORDER BY ts DESC LIMIT 1) l"
            + " CROSS JOIN LATERAL ("
            + "SELECT x.value, x.ts FROM monitoring.readings x WHERE x.instrument = ? AND x.borehole_number = ?"
            + " AND x.axis IS NOT DISTINCT FROM l.axis AND x.ts >= l.ts - make_interval(secs => ?) ORDER BY x.ts"
            + " LIMIT 1) f";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (Seen s : seen) {
        if (!s.moved()) {
          continue;
        }
        // The newest reading this pass saw, with the trigger in force at its event time (one that
        // arrived since is judged by the next pass).
        RateTriggerHistory.InForce inForce =
            rates.inForceAt(s.instrument(), s.boreholeNumber(), s.latestTs());
        Optional<RateTriggers.Rule> rule = inForce.maybeRule();
        if (rule.isEmpty()) {
          // Switched off (a version without a rule): an alarm it raised must not stay active
          // forever with nothing left to clear it.
          if (isActive(open.get(s.instrument() + ":" + s.boreholeNumber()))) {
            store.watchGone(
                AlarmKind.RATE,
                s.instrument(),
                s.boreholeNumber(),
                "no rate trigger in force at " + s.latestTs() + " (" + inForce.source() + ")",
                now);
          }
          continue;
        }
        ps.setString(1, s.instrument());
        ps.setString(2, s.boreholeNumber());
        AlarmRows.setInstant(ps, 3, s.latestTs());
        ps.setString(4, s.instrument());
        ps.setString(5, s.boreholeNumber());
        ps.setDouble(6, rule.get().within().toSeconds());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            continue;
          }
          double change = Math.abs(rs.getDouble(1));
          String key = s.instrument() + ":" + s.boreholeNumber();
          if (change > rule.get().change() && needsRaise(open.get(key))) {
            store.watchActive(
                AlarmKind.RATE,
                s.instrument(),
                s.boreholeNumber(),
                String.format(
                    java.util.Locale.ROOT,
                    "moved %.3f %s between %s and %s (trigger: more than %s in %s, %s)",
                    rs.getDouble(1),
                    rs.getString(4),
                    AlarmRows.instant(rs, "from_ts"),
                    AlarmRows.instant(rs, "latest_ts"),
                    rule.get().change(),
                    rule.get().within(),
                    inForce.source()),
                now);
          } else if (change < rule.get().clearBelow() && isActive(open.get(key))) {
            store.watchGone(
                AlarmKind.RATE,
                s.instrument(),
                s.boreholeNumber(),
                "change within "
                    + rule.get().within()
                    + " back below "
                    + rule.get().clearBelow()
                    + " ("
                    + inForce.source()
                    + ")",
                now);
          }
        }
      }
    } catch (SQLException e) {
      throw new AlarmStoreException(
          "cannot evaluate rate-of-change triggers on monitoring.readings: "
              + e.getMessage()
              + " [SQLSTATE "
              + e.getSQLState()
              + "]",
          e);
    }
  }

  private static boolean needsRaise(AlarmState open) {
    return open == null || open == AlarmState.CLEARED;
  }

  private static boolean isActive(AlarmState open) {
    return open == AlarmState.RAISED || open == AlarmState.ACKNOWLEDGED;
  }

  private List<Seen> observe(Instant now, int flatlineCount) {
    // The newest reading of each instrument (the view walks the index: cost grows with instruments,
    // not readings),
    // merged into what the watch remembers: last_seen_at moves only when the newest reading time
    // moves.
    String upsert =
        "INSERT INTO monitoring.instrument_watch AS w (instrument, borehole_number, latest_ts,"
            + " last_seen_at) SELECT l.instrument, l.borehole_number, l.ts, ? FROM monitoring.latest_readings l"
            + " ON CONFLICT (instrument, borehole_number) DO UPDATE SET latest_ts = excluded.latest_ts,"
            + " last_seen_at = excluded.last_seen_at WHERE excluded.latest_ts > w.latest_ts"
            + " RETURNING w.instrument, w.borehole_number";
    String flat =
        flatlineCount < 2
            ? "false"
            : "(SELECT count(*) = ? AND count(DISTINCT r.value) = 1 FROM ("
                + "SELECT value FROM monitoring.readings x WHERE x.instrument = w.instrument"
                + " AND x.borehole_number = w.borehole_number ORDER BY x.ts DESC LIMIT ?) r)";
    String read =
        "SELECT w.instrument, w.borehole_number, w.latest_ts, w.last_seen_at, "
            + flat
            + " AS flat"
            + " FROM monitoring.instrument_watch w ORDER BY w.instrument, w.borehole_number";
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      java.util.Set<String> moved = new java.util.HashSet<>();
      try (PreparedStatement ps = c.prepareStatement(upsert)) {
        AlarmRows.setInstant(ps, 1, now);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            moved.add(rs.getString(1) + ":" + rs.getString(2));
          }
        }
      }
      List<Seen> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(read)) {
        if (flatlineCount >= 2) {
          ps.setLong(1, flatlineCount);
          ps.setInt(2, flatlineCount);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(
                new Seen(
                    rs.getString(1),
                    rs.getString(2),
                    AlarmRows.instant(rs, "latest_ts"),
                    AlarmRows.instant(rs, "last_seen_at"),
                    rs.getBoolean("flat"),
                    moved.contains(rs.getString(1) + ":" + rs.getString(2))));
          }
        }
      }
      c.commit();
      return out;
    } catch (SQLException e) {
      throw new AlarmStoreException(
          "cannot watch instruments through monitoring.latest_readings: "
              + e.getMessage()
              + " [SQLSTATE "
              + e.getSQLState()
              + "]",
          e);
    }
  }
}
