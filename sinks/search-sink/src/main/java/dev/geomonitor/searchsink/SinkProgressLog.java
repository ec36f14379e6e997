package dev.geomonitor.searchsink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One progress line every interval: rate since the last line and the totals. */
final class SinkProgressLog {
  private static final Logger LOG = LoggerFactory.getLogger("dev.geomonitor.searchsink.progress");

  private final Duration interval;
  private final Clock clock;
  private Instant lastAt;
  private SinkTotals lastTotals = SinkTotals.ZERO;

  SinkProgressLog(Duration interval, Clock clock) {
    this.interval = interval;
    this.clock = clock;
    this.lastAt = clock.instant();
  }

  /** Logs a line if the interval has passed; returns it (or null) so tests can read it. */
  String maybeLog(SinkTotals totals) {
    Instant now = clock.instant();
    Duration elapsed = Duration.between(lastAt, now);
    if (elapsed.compareTo(interval) < 0) {
      return null;
    }
    String line = line(totals, lastTotals, elapsed);
    LOG.info(line);
    lastAt = now;
    lastTotals = totals;
    return line;
  }

  static String line(SinkTotals now, SinkTotals before, Duration elapsed) {
    double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
    double rate = (now.indexed() - before.indexed()) / seconds;
    return String.format(
        Locale.ROOT,
        "search-sink: %.0f docs/s over %.1f s; totals: records=%d indexed=%d dead-lettered=%d retries=%d batches=%d",
        rate,
        seconds,
        now.records(),
        now.indexed(),
        now.deadLettered(),
        now.retries(),
        now.batches());
  }
}
