package dev.geomonitor.job;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.InstrumentType;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.domain.WindowAggregate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Enrichment of one instrument's readings, given what is remembered about it: baseline, change since the previous
 * reading, trigger status, and an alert whenever the status changes. Plain Java so it is tested without Spark; the
 * streaming job calls it from its per-instrument state function.
 *
 * <p>Each accepted reading also updates the instrument's event-time tumbling windows (one per configured size) and
 * every window a batch touched is emitted with its statistics so far (Spark's "update" output mode: a re-emitted window
 * overwrites the previous row by its natural key). A window closes once the instrument's latest reading is more than
 * the horizon (the job's watermark delay) past its end; a later reading for a closed window is still published as a
 * reading but no longer changes the window, which is final.
 *
 * <p>A reading whose timestamp the instrument already had is a duplicate and produces nothing. Timestamps are
 * remembered for the horizon plus the largest window, so a repeat can never be counted twice in an open window. A
 * reading older than that cannot be told from a repeat of a forgotten one and is kept: its deterministic reading id
 * makes a repeat harmless downstream (upserts, document ids), whereas dropping it could lose a reading. The
 * validator's lateness limit against fetch time makes this rare: records must reach the raw topic out of fetch order by
 * more than a minute.
 *
 * <p>Readings are taken in event-time order. One older than the latest already seen (late, but inside the watermark) is
 * enriched against the baseline but changes neither the "previous reading" nor the current status, which always belong
 * to the instrument's latest reading; its change since previous is left null because its true predecessor is unknown.
 */
public final class InstrumentTimeline {
  private final String pipelineVersion;
  private final Duration horizon;
  private final List<Duration> windowSizes;
  private final List<String> sizeNames;
  private final Duration remembered;

  /** A window of the instrument: its size as stored (ISO-8601) and its start. */
  private record WindowKey(String size, Instant start) {}

  public InstrumentTimeline(String pipelineVersion, Duration horizon, List<Duration> windowSizes) {
    this.pipelineVersion = pipelineVersion;
    this.horizon = horizon;
    this.windowSizes = List.copyOf(windowSizes);
    this.sizeNames = windowSizes.stream().map(Duration::toString).toList();
    this.remembered = horizon.plus(windowSizes.stream().max(Comparator.naturalOrder()).orElse(Duration.ZERO));
  }

  /**
   * What one batch of an instrument's readings produced: enriched readings, status alerts, the windows it updated, how
   * many readings were duplicates, and how many came too late for their (closed) windows.
   */
  public record Result(
      List<EnrichedReading> readings,
      List<StatusAlert> alerts,
      List<WindowAggregate> aggregates,
      int duplicates,
      int tooLateForWindows) {}

  /** Enriches {@code batch} (any order), updating {@code state} in place. */
  public Result advance(InstrumentState state, List<ReadingRow> batch, TriggerLevels levels) {
    List<ReadingRow> sorted = new ArrayList<>(batch);
    sorted.sort(Comparator.comparing(ReadingRow::getTs).thenComparing(ReadingRow::getValue));
    List<EnrichedReading> readings = new ArrayList<>(sorted.size());
    List<StatusAlert> alerts = new ArrayList<>();
    Set<Instant> seen = new HashSet<>(state.getRecentTs());
    int duplicates = 0;
    int tooLate = 0;
    Instant closedBefore = state.getLastTs() == null ? null : state.getLastTs().minus(horizon);
    Map<WindowKey, WindowStats> windows = new LinkedHashMap<>();
    for (WindowStats w : state.getWindows()) {
      windows.put(new WindowKey(w.getSize(), w.getStart()), w);
    }
    Set<WindowStats> touched = new LinkedHashSet<>();
    for (ReadingRow r : sorted) {
      if (!seen.add(r.getTs())) {
        duplicates++;
        continue;
      }
      if (state.getFirstValue() == null) {
        state.setFirstValue(r.getValue());
      }
      double baseline = levels.baseline() != null ? levels.baseline() : state.getFirstValue();
      TriggerStatus status = levels.statusOf(r.getValue(), baseline);
      boolean latest = state.getLastTs() == null || r.getTs().isAfter(state.getLastTs());
      Double changeSincePrevious =
          latest && state.getLastValue() != null ? r.getValue() - state.getLastValue() : null;
      EnrichedReading enriched = enrich(r, baseline, changeSincePrevious, status);
      readings.add(enriched);
      for (int i = 0; i < windowSizes.size(); i++) {
        Duration size = windowSizes.get(i);
        Instant start = WindowStats.windowStart(r.getTs(), size);
        WindowKey key = new WindowKey(sizeNames.get(i), start);
        WindowStats w = windows.get(key);
        if (w == null) {
          if (closedBefore != null && !start.plus(size).isAfter(closedBefore)) {
            tooLate++;
            continue;
          }
          w = WindowStats.open(size, start);
          windows.put(key, w);
        }
        w.add(enriched);
        touched.add(w);
      }
      if (latest) {
        TriggerStatus previous = state.getStatus() == null ? TriggerStatus.NORMAL : TriggerStatus.valueOf(state.getStatus());
        if (status != previous) {
          alerts.add(alert(enriched, previous, levels.levelOf(status)));
        }
        state.setLastTs(r.getTs());
        state.setLastValue(r.getValue());
        state.setStatus(status.name());
      }
    }
    List<WindowAggregate> aggregates = new ArrayList<>(touched.size());
    for (WindowStats w : touched) {
      aggregates.add(w.toAggregate(pipelineVersion, batch.get(0).getInstrument(), batch.get(0).getBoreholeNumber()));
    }
    if (state.getLastTs() != null) {
      Instant closed = state.getLastTs().minus(horizon);
      List<WindowStats> open = new ArrayList<>();
      for (WindowStats w : windows.values()) {
        if (w.end().isAfter(closed)) {
          open.add(w);
        }
      }
      state.setWindows(open);
      Instant forget = state.getLastTs().minus(remembered);
      List<Instant> recent = new ArrayList<>();
      for (Instant ts : seen) {
        if (!ts.isBefore(forget)) {
          recent.add(ts);
        }
      }
      recent.sort(null);
      state.setRecentTs(recent);
    }
    return new Result(readings, alerts, aggregates, duplicates, tooLate);
  }

  private EnrichedReading enrich(ReadingRow r, double baseline, Double changeSincePrevious, TriggerStatus status) {
    Double depth =
        InstrumentType.WATER_STANDPIPE.wireName().equals(r.getInstrument()) && r.getSurfaceLevel() != null
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

  private StatusAlert alert(EnrichedReading r, TriggerStatus previous, double level) {
    return new StatusAlert(
        NaturalKeys.alertId(r.instrument(), r.boreholeNumber(), r.ts(), r.triggerStatus()),
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
        r.readingId());
  }
}
