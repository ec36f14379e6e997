package dev.geomonitor.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.geomonitor.batchstore.CopyLine;
import dev.geomonitor.batchstore.ReadingRendering;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.WindowAggregate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;

/**
 * Deduplication, enrichment, trigger status and window statistics of decoded readings, in ONE
 * stateful operator: the readings of a series are grouped by {@code
 * instrument:borehole_number[:axis]} and handed with the series' state to {@link
 * InstrumentTimeline}, which sorts them into raw-log order (Spark does not promise an order within
 * a group); dead letters and tallies pass through unchanged. Conflicting corrections leave as dead
 * letters. One operator means one shuffle and one state store per micro-batch, and each raw record
 * is parsed once: no dedupe operator keyed per reading, no second query re-reading the readings
 * topic to aggregate it.
 */
public final class ReadingEnrichment {
  private ReadingEnrichment() {}

  /**
   * Readings, status alerts, window aggregates, dead letters and tallies as output records;
   * per-instrument state is kept between batches. Works on batch Datasets too (state then starts
   * empty), which is how the unit tests run it.
   *
   * @param horizon how far behind a series' latest reading its readings are remembered and its
   *     windows stay open
   */
  public static Dataset<OutputRecord> enrich(
      Dataset<DecodedRow> decoded,
      LevelsInForce levels,
      String pipelineVersion,
      Duration horizon,
      List<Duration> windowSizes) {
    return decoded
        .groupByKey((MapFunction<DecodedRow, String>) DecodedRow::getGroup, Encoders.STRING())
        .flatMapGroupsWithState(
            new EnrichInstrument(levels, pipelineVersion, horizon, windowSizes),
            OutputMode.Append(),
            Encoders.bean(InstrumentState.class),
            Encoders.bean(OutputRecord.class),
            GroupStateTimeout.NoTimeout());
  }

  private static final class EnrichInstrument
      implements FlatMapGroupsWithStateFunction<String, DecodedRow, InstrumentState, OutputRecord> {
    private static final long serialVersionUID = 1L;
    private final LevelsInForce levels;
    private final String pipelineVersion;
    private final Duration horizon;
    private final List<Duration> windowSizes;
    private transient InstrumentTimeline timeline;

    EnrichInstrument(
        LevelsInForce levels,
        String pipelineVersion,
        Duration horizon,
        List<Duration> windowSizes) {
      this.levels = levels;
      this.pipelineVersion = pipelineVersion;
      this.horizon = horizon;
      this.windowSizes = new ArrayList<>(windowSizes);
    }

    @Override
    public Iterator<OutputRecord> call(
        String key, Iterator<DecodedRow> rows, GroupState<InstrumentState> state)
        throws JsonProcessingException {
      if (DecodedRow.isPassThroughGroup(key)) {
        List<OutputRecord> passed = new ArrayList<>();
        rows.forEachRemaining(r -> passed.add(r.getPassThrough()));
        return passed.iterator();
      }
      List<ReadingRow> batch = new ArrayList<>();
      rows.forEachRemaining(r -> batch.add(r.getReading()));
      InstrumentState current = state.exists() ? state.get() : new InstrumentState();
      ReadingRow first = batch.get(0);
      // Outputs are keyed as the raw topic is (instrument:borehole_number), whatever the series'
      // axis.
      String outKey = first.instrumentKey();
      if (timeline == null) {
        timeline = new InstrumentTimeline(pipelineVersion, horizon, windowSizes);
      }
      InstrumentTimeline.Result result =
          timeline.advance(
              current,
              batch,
              levels.history().forInstrument(first.getInstrument(), first.getBoreholeNumber()));
      state.update(current);
      List<OutputRecord> out =
          new ArrayList<>(
              result.readings().size() + result.alerts().size() + result.aggregates().size());
      for (int i = 0; i < result.readings().size(); i++) {
        EnrichedReading r = result.readings().get(i);
        // Both sinks' forms in one pass over the reading (readings are nearly all of the output).
        ReadingRendering.Rendered rendered = ReadingRendering.of(r);
        OutputRecord record =
            OutputRecord.of(OutputRecord.Kind.READING, outKey, rendered.json(), rendered.row())
                .from(result.readingSources().get(i));
        record.setFetchedAtMillis(r.fetchedAt().toEpochMilli());
        out.add(record);
      }
      for (int i = 0; i < result.alerts().size(); i++) {
        StatusAlert a = result.alerts().get(i);
        out.add(
            OutputRecord.of(
                    OutputRecord.Kind.ALERT,
                    outKey,
                    Json.MAPPER.writeValueAsString(a),
                    CopyLine.of(a))
                .from(result.alertSources().get(i)));
      }
      for (WindowAggregate a : result.aggregates()) {
        out.add(
            OutputRecord.of(
                OutputRecord.Kind.AGGREGATE,
                outKey,
                Json.MAPPER.writeValueAsString(a),
                CopyLine.of(a)));
      }
      for (DeadLetter d : result.conflicts()) {
        out.add(
            OutputRecord.of(
                OutputRecord.Kind.REJECT,
                outKey,
                new String(d.toJsonBytes(), StandardCharsets.UTF_8),
                CopyLine.of(d)));
      }
      if (result.beyondHorizon() > 0) {
        // Published but counted in no window: the ledger shows how many, so nothing is left out
        // unseen.
        out.add(OutputRecord.beyondHorizon(result.beyondHorizon()));
      }
      return out.iterator();
    }
  }
}
