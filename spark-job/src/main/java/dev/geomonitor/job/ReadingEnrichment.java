package dev.geomonitor.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerLevelCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;

/** Deduplication and per-instrument stateful enrichment of accepted readings. */
public final class ReadingEnrichment {
  private ReadingEnrichment() {}

  /**
   * Drops repeats of the same (instrument, borehole_number, ts) seen within the watermark delay. Spark refuses the
   * watermark variant on batch Datasets, where a plain dropDuplicates on the same columns means the same thing.
   */
  public static Dataset<ReadingRow> deduplicate(Dataset<ReadingRow> readings, Duration watermarkDelay) {
    if (!readings.isStreaming()) {
      return readings.dropDuplicates("instrument", "boreholeNumber", "ts");
    }
    return readings
        .withWatermark("ts", watermarkDelay.toMillis() + " milliseconds")
        .dropDuplicatesWithinWatermark("instrument", "boreholeNumber", "ts");
  }

  /** Enriched readings and status alerts, as output records, grouped per instrument with state kept between batches. */
  public static Dataset<OutputRecord> enrich(
      Dataset<ReadingRow> readings, Broadcast<TriggerLevelCatalog> levels, String pipelineVersion) {
    return readings
        .groupByKey((MapFunction<ReadingRow, String>) ReadingRow::instrumentKey, Encoders.STRING())
        .flatMapGroupsWithState(
            new EnrichInstrument(levels, pipelineVersion),
            OutputMode.Append(),
            Encoders.bean(InstrumentState.class),
            Encoders.bean(OutputRecord.class),
            GroupStateTimeout.NoTimeout());
  }

  private static final class EnrichInstrument
      implements FlatMapGroupsWithStateFunction<String, ReadingRow, InstrumentState, OutputRecord> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<TriggerLevelCatalog> levels;
    private final String pipelineVersion;

    EnrichInstrument(Broadcast<TriggerLevelCatalog> levels, String pipelineVersion) {
      this.levels = levels;
      this.pipelineVersion = pipelineVersion;
    }

    @Override
    public Iterator<OutputRecord> call(String key, Iterator<ReadingRow> rows, GroupState<InstrumentState> state)
        throws JsonProcessingException {
      List<ReadingRow> batch = new ArrayList<>();
      rows.forEachRemaining(batch::add);
      InstrumentState current = state.exists() ? state.get() : new InstrumentState();
      ReadingRow first = batch.get(0);
      InstrumentTimeline.Result result =
          new InstrumentTimeline(pipelineVersion)
              .advance(
                  current, batch, levels.value().levelsFor(first.getInstrument(), first.getBoreholeNumber()));
      state.update(current);
      List<OutputRecord> out = new ArrayList<>(result.readings().size() + result.alerts().size());
      for (EnrichedReading r : result.readings()) {
        out.add(OutputRecord.of(OutputRecord.Kind.READING, key, Json.MAPPER.writeValueAsString(r)));
      }
      for (StatusAlert a : result.alerts()) {
        out.add(OutputRecord.of(OutputRecord.Kind.ALERT, key, Json.MAPPER.writeValueAsString(a)));
      }
      return out.iterator();
    }
  }
}
