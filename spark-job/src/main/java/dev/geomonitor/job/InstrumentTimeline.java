package dev.geomonitor.job;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.InstrumentType;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.TriggerStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Enrichment of one instrument's readings, given what is remembered about it: baseline, change since the previous
 * reading, trigger status, and an alert whenever the status changes. Plain Java so it is tested without Spark; the
 * streaming job calls it from its per-instrument state function.
 *
 * <p>Readings are taken in event-time order. One older than the latest already seen (late, but inside the watermark) is
 * enriched against the baseline but changes neither the "previous reading" nor the current status, which always belong
 * to the instrument's latest reading; its change since previous is left null because its true predecessor is unknown.
 */
public final class InstrumentTimeline {
  private final String pipelineVersion;

  public InstrumentTimeline(String pipelineVersion) {
    this.pipelineVersion = pipelineVersion;
  }

  /** What one batch of an instrument's readings produced. */
  public record Result(List<EnrichedReading> readings, List<StatusAlert> alerts) {}

  /** Enriches {@code batch} (any order), updating {@code state} in place. */
  public Result advance(InstrumentState state, List<ReadingRow> batch, TriggerLevels levels) {
    List<ReadingRow> sorted = new ArrayList<>(batch);
    sorted.sort(Comparator.comparing(ReadingRow::getTs).thenComparing(ReadingRow::getValue));
    List<EnrichedReading> readings = new ArrayList<>(sorted.size());
    List<StatusAlert> alerts = new ArrayList<>();
    for (ReadingRow r : sorted) {
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
    return new Result(readings, alerts);
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
