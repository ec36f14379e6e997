package dev.geomonitor.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.InstrumentType;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Rejection;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerLevelHistory.SeriesLevels;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.domain.WindowAggregate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The semantics of one series (instrument, borehole_number, axis) — see the event-time table in
 * docs/data-contracts.md. Plain Java so it is tested without Spark; the job calls it from its
 * per-series state function.
 *
 * <p>Readings are considered in <b>raw-log order</b> (partition, offset): a series lives in one
 * partition of the raw topic, so every output for a record is a function of the log up to that
 * record, whatever the micro-batch split or restart point. Per reading, in this order:
 *
 * <ol>
 *   <li><b>dedupe</b>: a timestamp the series already has with the same value is a duplicate
 *       (nothing out); with a different value it is a correction, dead-lettered as {@link
 *       RejectCode#CONFLICTING_READING} (the first value in log order stays);
 *   <li><b>enrichment</b>: levels = the version in force at the reading's <b>event time</b> (never
 *       its processing time: see {@link dev.geomonitor.domain.TriggerLevelHistory}); baseline =
 *       that version's, else the earliest reading by event time seen so far; status = f(value,
 *       baseline, levels); change since previous = against the event-time predecessor among the
 *       readings seen;
 *   <li><b>alerts</b>: a reading newer than the series' latest alerts when its status differs from
 *       the current status and becomes the current one; an older (late) reading alerts, marked late
 *       with how far it lies behind the latest, when its status differs from its event-time
 *       predecessor's, and leaves the current status alone;
 *   <li><b>windows</b>: the reading is counted in its event-time tumbling windows, which are
 *       re-emitted (upserts) with a revision that grows with every change;
 *   <li><b>pruning</b> (per batch): the series remembers readings and keeps windows open for {@code
 *       horizon} behind its own latest event time. A reading older than that is still published
 *       (its id makes a repeat an upsert) and can still alert, but it is neither deduplicated nor
 *       counted in windows: it is counted as beyond the horizon.
 * </ol>
 */
public final class InstrumentTimeline {
  private final String pipelineVersion;
  private final Duration horizon;
  private final List<Duration> windowSizes;
  private final List<String> sizeNames;

  /** A window of the series: its size as stored (ISO-8601) and its start. */
  private record WindowKey(String size, Instant start) {}

  /**
   * @param horizon how far behind a series' latest reading readings are remembered and windows kept
   *     open
   */
  public InstrumentTimeline(String pipelineVersion, Duration horizon, List<Duration> windowSizes) {
    this.pipelineVersion = pipelineVersion;
    this.horizon = horizon;
    this.windowSizes = List.copyOf(windowSizes);
    this.sizeNames = windowSizes.stream().map(Duration::toString).toList();
  }

  /**
   * What one batch of a series' readings produced: enriched readings, status alerts, the windows it
   * changed, dead letters for conflicting corrections, how many readings were duplicates and how
   * many lay beyond the horizon.
   */
  public record Result(
      List<EnrichedReading> readings,
      List<StatusAlert> alerts,
      List<WindowAggregate> aggregates,
      List<DeadLetter> conflicts,
      int duplicates,
      int beyondHorizon,
      List<ReadingRow> readingSources,
      List<ReadingRow> alertSources) {}

  /** The working set of one batch: the state being updated and what has been produced so far. */
  private final class Batch {
    final InstrumentState state;
    final SeriesLevels levels;
    final RememberedReadings remembered;
    final Map<WindowKey, WindowStats> windows = new LinkedHashMap<>();
    final Set<WindowStats> touched = new LinkedHashSet<>();
    final List<EnrichedReading> readings = new ArrayList<>();
    final List<StatusAlert> alerts = new ArrayList<>();

    /** The raw record each reading and each alert came from, index for index. */
    final List<ReadingRow> readingSources = new ArrayList<>();

    final List<ReadingRow> alertSources = new ArrayList<>();
    final List<DeadLetter> conflicts = new ArrayList<>();
    int duplicates;
    int beyondHorizon;

    Batch(InstrumentState state, SeriesLevels levels) {
      this.state = state;
      this.levels = levels;
      this.remembered = new RememberedReadings(state);
      for (WindowStats w : state.getWindows()) {
        windows.put(new WindowKey(w.getSize(), w.getStart()), w);
      }
    }

    /** The oldest event time still within the horizon, or null before the first reading. */
    Instant horizonStart() {
      return state.getLastTs() == null ? null : state.getLastTs().minus(horizon);
    }
  }

  /**
   * Processes {@code batch} (any order: it is sorted into raw-log order here), updating {@code
   * state} in place.
   */
  public Result advance(InstrumentState state, List<ReadingRow> batch, TriggerLevels levels) {
    return advance(state, batch, SeriesLevels.constant(levels));
  }

  /**
   * As {@link #advance(InstrumentState, List, TriggerLevels)}, each reading judged by the levels in
   * force at its event time.
   */
  public Result advance(InstrumentState state, List<ReadingRow> batch, SeriesLevels levels) {
    List<ReadingRow> inLogOrder = new ArrayList<>(batch);
    inLogOrder.sort(ReadingRow.LOG_ORDER);
    Batch b = new Batch(state, levels);
    for (ReadingRow r : inLogOrder) {
      consider(b, r);
    }
    List<WindowAggregate> aggregates = new ArrayList<>(b.touched.size());
    ReadingRow any = batch.get(0);
    for (WindowStats w : b.touched) {
      aggregates.add(
          w.toAggregate(
              pipelineVersion, any.getInstrument(), any.getBoreholeNumber(), any.getAxis()));
    }
    prune(b);
    return new Result(
        b.readings,
        b.alerts,
        aggregates,
        b.conflicts,
        b.duplicates,
        b.beyondHorizon,
        b.readingSources,
        b.alertSources);
  }

  private void consider(Batch b, ReadingRow r) {
    Instant horizonStart = b.horizonStart();
    boolean beyondHorizon = horizonStart != null && r.getTs().isBefore(horizonStart);
    if (!beyondHorizon && isRepeat(b, r)) {
      return;
    }
    TriggerLevels levels = b.levels.at(r.getTs());
    double baseline = updateBaseline(b, r, levels);
    RememberedReadings.Entry predecessor =
        beyondHorizon ? null : b.remembered.predecessor(r.getTs(), horizonStart);
    TriggerStatus status =
        levels.holdsStatus()
            ? heldStatus(
                b,
                r,
                levels,
                baseline,
                beyondHorizon
                    ? List.of()
                    : b.remembered.before(r.getTs(), horizonStart, levels.persistence() - 1),
                predecessor)
            : levels.statusOf(r.getValue(), baseline);
    Double changeSincePrevious = predecessor == null ? null : r.getValue() - predecessor.value();
    EnrichedReading enriched = enrich(r, baseline, changeSincePrevious, status);
    b.readings.add(enriched);
    b.readingSources.add(r);
    raiseAlerts(b, r, enriched, predecessor, levels);
    if (beyondHorizon) {
      b.beyondHorizon++;
      return;
    }
    countInWindows(b, r, enriched);
    b.remembered.remember(r.getTs(), r.getValue(), status);
  }

  /**
   * Dedupe: true when the series already has this timestamp (a duplicate, or a correction
   * dead-lettered).
   */
  private boolean isRepeat(Batch b, ReadingRow r) {
    RememberedReadings.Entry kept = b.remembered.at(r.getTs());
    if (kept == null) {
      return false;
    }
    if (Double.compare(kept.value(), r.getValue()) == 0) {
      b.duplicates++;
    } else {
      b.conflicts.add(conflict(r, kept.value()));
    }
    return true;
  }

  /**
   * The configured baseline, else the earliest reading by event time seen so far (which this
   * reading may become).
   */
  private static double updateBaseline(Batch b, ReadingRow r, TriggerLevels levels) {
    InstrumentState s = b.state;
    if (s.getBaselineTs() == null || r.getTs().isBefore(s.getBaselineTs())) {
      s.setBaselineTs(r.getTs());
      s.setBaselineValue(r.getValue());
    }
    return levels.baseline() != null ? levels.baseline() : s.getBaselineValue();
  }

  /**
   * The status with persistence and hysteresis: over the window of this reading and the {@code
   * persistence - 1} readings before it in event time (each judged by the levels and baseline in
   * force at its own time), the status rises to a level only when every reading of the window is at
   * or beyond it, and falls from the status of the event-time predecessor only below the lowest
   * level that some reading of the window still holds (its level minus the band). A window not yet
   * full (a new series, or a reading beyond the horizon) cannot raise.
   *
   * @param window the remembered readings before this one, nearest first (at most persistence - 1)
   *     A function of the readings before this one in event time, so of the log up to it: the same
   *     for any batch split.
   */
  private static TriggerStatus heldStatus(
      Batch b,
      ReadingRow r,
      TriggerLevels levels,
      double baseline,
      List<RememberedReadings.Entry> window,
      RememberedReadings.Entry predecessor) {
    int n = levels.persistence();
    TriggerStatus up = levels.statusOf(r.getValue(), baseline);
    TriggerStatus held = levels.clearingStatusOf(r.getValue(), baseline);
    for (RememberedReadings.Entry e : window) {
      TriggerLevels then = b.levels.at(e.ts());
      double base = then.baseline() != null ? then.baseline() : b.state.getBaselineValue();
      up = min(up, then.statusOf(e.value(), base));
      held = max(held, then.clearingStatusOf(e.value(), base));
    }
    if (window.size() < n - 1) {
      up = TriggerStatus.NORMAL;
    }
    TriggerStatus before = predecessor == null ? TriggerStatus.NORMAL : predecessor.status();
    return max(up, min(before, held));
  }

  private static TriggerStatus min(TriggerStatus a, TriggerStatus b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static TriggerStatus max(TriggerStatus a, TriggerStatus b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private void raiseAlerts(
      Batch b,
      ReadingRow r,
      EnrichedReading e,
      RememberedReadings.Entry predecessor,
      TriggerLevels levels) {
    InstrumentState s = b.state;
    TriggerStatus status = e.triggerStatus();
    double level = levels.levelOf(status);
    if (s.getLastTs() == null || r.getTs().isAfter(s.getLastTs())) {
      TriggerStatus current =
          s.getStatus() == null ? TriggerStatus.NORMAL : TriggerStatus.valueOf(s.getStatus());
      if (status != current) {
        b.alerts.add(alert(e, current, level, null));
        b.alertSources.add(r);
      }
      s.setLastTs(r.getTs());
      s.setLastValue(r.getValue());
      s.setStatus(status.name());
      return;
    }
    // Late: judged against its event-time predecessor (NORMAL when none is known within the
    // horizon).
    TriggerStatus before = predecessor == null ? TriggerStatus.NORMAL : predecessor.status();
    if (status != before) {
      b.alerts.add(alert(e, before, level, Duration.between(r.getTs(), s.getLastTs())));
      b.alertSources.add(r);
    }
  }

  private void countInWindows(Batch b, ReadingRow r, EnrichedReading e) {
    for (int i = 0; i < windowSizes.size(); i++) {
      Duration size = windowSizes.get(i);
      WindowKey key = new WindowKey(sizeNames.get(i), WindowStats.windowStart(r.getTs(), size));
      WindowStats w = b.windows.computeIfAbsent(key, k -> WindowStats.open(size, k.start()));
      w.add(e, r.getOffset());
      b.touched.add(w);
    }
  }

  /**
   * Forgets readings and closes windows that lie wholly before the horizon behind the latest
   * reading.
   */
  private static void prune(Batch b) {
    Instant horizonStart = b.horizonStart();
    if (horizonStart == null) {
      return;
    }
    List<WindowStats> open = new ArrayList<>();
    for (WindowStats w : b.windows.values()) {
      if (w.end().isAfter(horizonStart)) {
        open.add(w);
      }
    }
    b.state.setWindows(open);
    b.remembered.storeInto(b.state, horizonStart);
  }

  private DeadLetter conflict(ReadingRow r, double keptValue) {
    String series = r.seriesKey();
    String message =
        series
            + " already has value "
            + keptValue
            + " at "
            + NaturalKeys.timestamp(r.getTs())
            + "; this record says "
            + r.getValue()
            + ". The first value in raw-log order stays current; re-issue the correction under a new"
            + " timestamp or reprocess with the corrected log";
    ObjectNode value = Json.MAPPER.createObjectNode();
    value.put("reading_id", r.getReadingId());
    value.put("value", r.getValue());
    value.put("kept_value", keptValue);
    value.put("fetched_at", String.valueOf(r.getFetchedAt()));
    return DeadLetter.fromKafka(
        DeadLetter.STAGE_SPARK,
        List.of(Rejection.of(RejectCode.CONFLICTING_READING, "value", message)),
        r.getTopic(),
        r.getPartition(),
        r.getOffset(),
        r.instrumentKey(),
        value.toString().getBytes(StandardCharsets.UTF_8),
        Instant.now());
  }

  private EnrichedReading enrich(
      ReadingRow r, double baseline, Double changeSincePrevious, TriggerStatus status) {
    Double depth =
        InstrumentType.WATER_STANDPIPE.wireName().equals(r.getInstrument())
                && r.getSurfaceLevel() != null
            ? r.getSurfaceLevel() - r.getValue()
            : null;
    return new EnrichedReading(
        r.getReadingId(),
        pipelineVersion,
        r.getInstrument(),
        r.getBoreholeNumber(),
        r.getAxis(),
        r.getTs(),
        r.getValue(),
        r.getUnit(),
        r.getQuantity(),
        r.getSurfaceLevel(),
        r.getNorthing(),
        r.getEasting(),
        r.getLat(),
        r.getLon(),
        depth,
        baseline,
        r.getValue() - baseline,
        changeSincePrevious,
        status,
        r.getApiVersion(),
        r.getFetchedAt());
  }

  /**
   * @param lateBy null for an on-time alert
   */
  private StatusAlert alert(
      EnrichedReading r, TriggerStatus previous, double level, Duration lateBy) {
    return new StatusAlert(
        NaturalKeys.alertId(
            r.instrument(), r.boreholeNumber(), r.axis(), r.ts(), r.triggerStatus()),
        pipelineVersion,
        r.instrument(),
        r.boreholeNumber(),
        r.ts(),
        previous,
        r.triggerStatus(),
        r.value(),
        r.baseline(),
        r.changeFromBaseline(),
        level,
        r.unit(),
        r.lat(),
        r.lon(),
        r.readingId(),
        lateBy != null,
        lateBy == null ? null : lateBy.toString());
  }
}
