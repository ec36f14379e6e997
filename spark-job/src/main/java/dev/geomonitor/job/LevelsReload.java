package dev.geomonitor.job;

import dev.geomonitor.batchstore.TriggerLevelVersions;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevelHistory;
import dev.geomonitor.domain.TriggerLevelVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the review levels the job uses fresh (driver only): loads every version at start and,
 * before a batch, reloads them when the last load is older than {@code LEVELS_RELOAD_INTERVAL}. A
 * failed reload is an infrastructure fault: the batch waits and retries with backoff; it never runs
 * on levels older than the interval.
 *
 * <p>Why that makes the live run equal to a replay: a batch starting at {@code S} holds readings
 * fetched before {@code S}, so stamped at most {@code S + FUTURE_TOLERANCE}; it uses versions
 * loaded at some {@code L > S - interval}. The database accepts a version only with {@code
 * effective_from >= changed_at + grace}. A version that applies to one of these readings has {@code
 * changed_at <= S + FUTURE_TOLERANCE - grace}, which is before {@code L} whenever {@code grace >
 * interval + FUTURE_TOLERANCE} (the rest of the grace covers clock skew between producer, job and
 * database and the insert's commit delay). So every version a reading is subject to was loaded
 * before the reading was judged, and the reading gets the levels in force at its event time,
 * whenever it is processed. The job checks the inequality at every load and refuses to run without
 * it.
 */
final class LevelsReload {
  private static final Logger LOG = LoggerFactory.getLogger(LevelsReload.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

  /** Sleeps between retries; a test passes one that does not wait. */
  interface Pause {
    void sleep(Duration d) throws InterruptedException;
  }

  private final TriggerLevelCatalog initial;
  private final Supplier<TriggerLevelVersions.Snapshot> source;
  private final Duration interval;
  private final Duration futureTolerance;
  private final Clock clock;
  private final Pause pause;
  private final LevelsInForce target;
  private Instant loadedAt;
  private Instant lastBatchAt;

  LevelsReload(
      TriggerLevelCatalog initial,
      Supplier<TriggerLevelVersions.Snapshot> source,
      Duration interval,
      Duration futureTolerance,
      Clock clock,
      Pause pause) {
    this.initial = Objects.requireNonNull(initial, "initial");
    this.source = Objects.requireNonNull(source, "source");
    this.interval = interval;
    this.futureTolerance = futureTolerance;
    this.clock = clock;
    this.pause = pause;
    this.target = new LevelsInForce(TriggerLevelHistory.of(initial));
  }

  static LevelsReload of(
      TriggerLevelCatalog initial,
      TriggerLevelVersions versions,
      Duration interval,
      Duration futureTolerance) {
    return new LevelsReload(
        initial,
        versions::load,
        interval,
        futureTolerance,
        Clock.systemUTC(),
        d -> Thread.sleep(d.toMillis()));
  }

  /** What the stateful operator holds. */
  LevelsInForce inForce() {
    return target;
  }

  /** The first load, at start: a failure stops the start with the reason. */
  synchronized void loadAtStart() {
    install(source.get(), clock.instant());
  }

  /**
   * Called by the driver before each batch runs: reloads when the levels are older than the
   * interval, waiting (retrying) as long as it takes.
   */
  synchronized void beforeBatch(long batchId) {
    Instant now = clock.instant();
    if (loadedAt == null || !now.isBefore(loadedAt.plus(interval))) {
      Duration wait = FIRST_RETRY;
      for (int attempt = 1; ; attempt++) {
        Instant started = clock.instant();
        try {
          install(source.get(), started);
          break;
        } catch (RuntimeException e) {
          if (e instanceof IllegalStateException) {
            throw e;
          }
          LOG.warn(
              "batch {} waits: cannot reload the review levels (attempt {}, next in {}): {}",
              batchId,
              attempt,
              wait,
              e.getMessage());
          try {
            pause.sleep(wait);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                "interrupted while waiting to reload the review levels", interrupted);
          }
          wait =
              wait.multipliedBy(2).compareTo(LONGEST_RETRY) > 0
                  ? LONGEST_RETRY
                  : wait.multipliedBy(2);
        }
      }
    }
    lastBatchAt = clock.instant();
  }

  private void install(TriggerLevelVersions.Snapshot snapshot, Instant loadStarted) {
    Duration needed = interval.plus(futureTolerance);
    if (snapshot.grace().compareTo(needed) <= 0) {
      throw new IllegalStateException(
          "the review levels' grace in monitoring.trigger_level_policy ("
              + snapshot.grace()
              + ") must exceed LEVELS_RELOAD_INTERVAL + FUTURE_TOLERANCE ("
              + interval
              + " + "
              + futureTolerance
              + "): otherwise a reading could be judged before its levels are loaded, and a replay"
              + " would differ. Raise the grace or lower the interval");
    }
    TriggerLevelHistory previous = target.history();
    TriggerLevelHistory next = TriggerLevelHistory.of(initial, snapshot.versions());
    if (lastBatchAt != null) {
      // Readings judged with the previous versions were stamped at most lastBatchAt + tolerance.
      Instant safeAfter = lastBatchAt.plus(futureTolerance);
      for (TriggerLevelVersion v : snapshot.versions()) {
        if (v.versionId() > previous.latestVersionId() && !v.effectiveFrom().isAfter(safeAfter)) {
          LOG.error(
              "review level version {} ({}) takes effect at {}, but readings stamped up to {} may"
                  + " already have been judged without it (clock skew or a commit slower than the"
                  + " grace's margin?): a replay may differ for them",
              v.versionId(),
              v.scope(),
              v.effectiveFrom(),
              safeAfter);
        }
      }
    }
    if (next.latestVersionId() != previous.latestVersionId() || loadedAt == null) {
      LOG.info(
          "review levels loaded: {} version(s) beside version 0, latest id {}",
          next.versionCount(),
          next.latestVersionId());
    }
    target.replace(next);
    loadedAt = loadStarted;
  }
}
