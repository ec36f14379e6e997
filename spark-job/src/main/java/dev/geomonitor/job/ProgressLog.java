package dev.geomonitor.job;

import java.util.Set;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per micro-batch of the job's queries: rows in, rejected, duplicates, out,
 * durations, latency.
 */
public final class ProgressLog extends StreamingQueryListener {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);
  private final BatchProgress progress;
  private final Set<String> queryNames;

  public ProgressLog(BatchProgress progress, Set<String> queryNames) {
    this.progress = progress;
    this.queryNames = Set.copyOf(queryNames);
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    if (queryNames.contains(event.name())) {
      LOG.info("query {} started (id {}, run {})", event.name(), event.id(), event.runId());
    }
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress p = event.progress();
    if (!queryNames.contains(p.name())) {
      return;
    }
    BatchProgress.Written w = progress.take(p.name(), p.batchId());
    if (w == null && p.numInputRows() == 0) {
      return;
    }
    // Instruments the job keeps state for (baseline, status, recent timestamps, open windows).
    long instruments = 0;
    for (StateOperatorProgress op : p.stateOperators()) {
      instruments += op.numRowsTotal();
    }
    long inputRows = 0;
    for (SourceProgress s : p.sources()) {
      inputRows += s.numInputRows();
    }
    Long batchMillis = p.durationMs().get("triggerExecution");
    if (w == null) {
      LOG.info(
          "{} batch {}: in={} instruments={} batchMs={}",
          p.name(),
          p.batchId(),
          inputRows,
          instruments,
          batchMillis);
      return;
    }
    LOG.info(
        "{} batch {}: in={} readings={} rejected={} duplicates={} alerts={} aggregates={} beyondHorizon={}"
            + " instruments={} batchMs={} writeMs={} latencyMs={} rows/s={}",
        p.name(),
        p.batchId(),
        w.rowsIn() > 0 ? w.rowsIn() : inputRows,
        w.readings(),
        w.rejected(),
        w.duplicates(),
        w.alerts(),
        w.aggregates(),
        w.beyondHorizon(),
        instruments,
        batchMillis,
        w.writeMillis(),
        w.newestFetchedAgeMillis(),
        Math.round(p.processedRowsPerSecond()));
    // Spark's own split of the batch (planning, offset log, addBatch = compute + write, commit
    // log...).
    LOG.debug(
        "{} batch {} Spark phases: {}",
        p.name(),
        p.batchId(),
        new java.util.TreeMap<>(p.durationMs()));
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.exception().isDefined()) {
      LOG.error("query {} failed: {}", event.id(), event.exception().get());
    } else {
      LOG.info("query {} stopped", event.id());
    }
  }
}
