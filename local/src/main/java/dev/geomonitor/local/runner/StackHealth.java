package dev.geomonitor.local.runner;

import dev.geomonitor.local.page.HealthSnapshot;
import dev.geomonitor.local.page.HealthSnapshot.StageCount;
import dev.geomonitor.local.page.PipelineHealth;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.OffsetSpec;

/**
 * The running totals of every stage, for the console progress line and the live page's health
 * panel. PostgreSQL's batch ledger is the source of truth for what the job processed (it is
 * committed with the data); Kafka end offsets give the raw and DLQ counts.
 */
public final class StackHealth implements PipelineHealth {
  /**
   * The interval the processing rate is measured over: several micro-batches even when a batch
   * takes 20 s.
   */
  static final int RATE_WINDOW_SECONDS = 60;

  private final LocalStack stack;
  private final IndexedCounts indexed;

  StackHealth(LocalStack stack) {
    this.stack = stack;
    this.indexed =
        stack.openSearch() == null ? null : new IndexedCounts(stack.openSearch().httpUrl());
  }

  /**
   * What every stage has done so far.
   *
   * @param served items the source gave: the simulator's own count, or what the producer polled
   *     from a real API
   * @param readingsPerSecond readings the job committed per second over the last {@link
   *     #RATE_WINDOW_SECONDS}
   */
  public record Totals(
      long served,
      long raw,
      long accepted,
      long rejected,
      long duplicates,
      IndexedCounts.Counts indexed,
      long alerts,
      long dlq,
      Long lag,
      double readingsPerSecond,
      long corrections,
      long lateAlerts,
      long beyondHorizon) {}

  public synchronized Totals totals() {
    long served;
    if (stack.simulator() != null) {
      served = stack.simulator().stats().itemsServed();
    } else if (stack.producerLoop() != null) {
      served = stack.producerLoop().totals().readings();
    } else {
      served = 0;
    }
    long raw = endOffsets(stack.topics().raw());
    long dlq = endOffsets(stack.topics().dlq());
    Ledger ledger = ledger();
    IndexedCounts.Counts searchable =
        indexed == null ? IndexedCounts.Counts.UNKNOWN : indexed.count();
    return new Totals(
        served,
        raw,
        ledger.accepted(),
        ledger.rejected(),
        ledger.duplicates(),
        searchable,
        ledger.alerts(),
        dlq,
        lag(raw),
        ledger.readingsPerSecond(),
        ledger.corrections(),
        ledger.lateAlerts(),
        ledger.beyondHorizon());
  }

  @Override
  public synchronized HealthSnapshot snapshot() {
    Totals t = totals();
    List<StageCount> stages = new ArrayList<>();
    stages.add(
        new StageCount(
            stack.settings().usesSimulator() ? "served by API" : "polled from API", t.served()));
    stages.add(new StageCount("in raw topic", t.raw()));
    stages.add(new StageCount("accepted", t.accepted()));
    stages.add(new StageCount("rejected", t.rejected()));
    stages.add(new StageCount("of which corrections (CONFLICTING_READING)", t.corrections()));
    stages.add(new StageCount("duplicates", t.duplicates()));
    stages.add(new StageCount("published beyond the horizon (in no window)", t.beyondHorizon()));
    stages.add(new StageCount("indexed readings", t.indexed().readings()));
    stages.add(new StageCount("indexed aggregates", t.indexed().aggregates()));
    stages.add(new StageCount("indexed alerts", t.indexed().alerts()));
    stages.add(new StageCount("alerts", t.alerts()));
    stages.add(new StageCount("of which late", t.lateAlerts()));
    String version = stack.store().activeVersion().map(Object::toString).orElse("none");
    return new HealthSnapshot(
        Instant.now(),
        version,
        t.readingsPerSecond(),
        RATE_WINDOW_SECONDS,
        t.lag(),
        t.dlq(),
        stack.source(),
        stages);
  }

  /**
   * Records on the output topics the search sink has not committed yet (0 when it is up to date).
   */
  public long sinkLag() {
    try {
      var committed =
          stack
              .admin()
              .listConsumerGroupOffsets(LocalStack.SINK_GROUP)
              .partitionsToOffsetAndMetadata()
              .get(10, java.util.concurrent.TimeUnit.SECONDS);
      long lag = 0;
      for (String topic : stack.topics().outputs()) {
        for (var e : RawLog.offsets(stack.admin(), topic, OffsetSpec.latest()).entrySet()) {
          var done = committed.get(new org.apache.kafka.common.TopicPartition(topic, e.getKey()));
          lag += e.getValue() - (done == null ? 0 : done.offset());
        }
      }
      return lag;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          "cannot read the search sink's committed offsets: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the search sink's offsets", e);
    }
  }

  /**
   * Whether the search sink has committed, in every partition, at least the given offsets of the
   * output topics.
   */
  public boolean sinkCommitted(Map<String, Map<Integer, Long>> ends) {
    try {
      var committed =
          stack
              .admin()
              .listConsumerGroupOffsets(LocalStack.SINK_GROUP)
              .partitionsToOffsetAndMetadata()
              .get(10, java.util.concurrent.TimeUnit.SECONDS);
      for (var topic : ends.entrySet()) {
        for (var partition : topic.getValue().entrySet()) {
          var done =
              committed.get(
                  new org.apache.kafka.common.TopicPartition(topic.getKey(), partition.getKey()));
          if (partition.getValue() > 0 && (done == null || done.offset() < partition.getValue())) {
            return false;
          }
        }
      }
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          "cannot read the search sink's committed offsets: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the search sink's offsets", e);
    }
  }

  /**
   * One console line: what each stage has done, what is searchable per kind, and the current
   * processing rate.
   */
  public String progressLine() {
    Totals t = totals();
    return String.format(
        "%s %,d | raw %,d | accepted %,d (beyond horizon %,d) | rejected %,d (corrections %,d) | duplicates %,d"
            + " | alerts %,d (late %,d) | dlq %,d | lag %s | indexed: readings %s, aggregates %s, alerts %s"
            + " | %.1f readings/s (last %d s)",
        stack.settings().usesSimulator() ? "served" : "polled",
        t.served(),
        t.raw(),
        t.accepted(),
        t.beyondHorizon(),
        t.rejected(),
        t.corrections(),
        t.duplicates(),
        t.alerts(),
        t.lateAlerts(),
        t.dlq(),
        t.lag() == null ? "?" : String.format("%,d", t.lag()),
        known(t.indexed().readings()),
        known(t.indexed().aggregates()),
        known(t.indexed().alerts()),
        t.readingsPerSecond(),
        RATE_WINDOW_SECONDS);
  }

  private static String known(long count) {
    return count < 0 ? "?" : String.format("%,d", count);
  }

  private long endOffsets(String topic) {
    try {
      return RawLog.total(RawLog.offsets(stack.admin(), topic, OffsetSpec.latest()));
    } catch (IllegalStateException e) {
      // The panel shows "unknown" while Kafka does not answer; the runner's own checks report real
      // failures.
      return -1;
    }
  }

  /**
   * What the readings query of the active version committed, and how fast over the last rate
   * window.
   */
  private record Ledger(
      long accepted,
      long rejected,
      long duplicates,
      long alerts,
      double readingsPerSecond,
      long corrections,
      long lateAlerts,
      long beyondHorizon) {
    static final Ledger UNKNOWN = new Ledger(-1, -1, -1, -1, 0, -1, -1, -1);
  }

  /**
   * accepted, rejected, duplicates and alerts of the active version, as committed with the data,
   * with the corrections (CONFLICTING_READING rejections) and late alerts among them; the rate is
   * taken from the batches committed in the last window (the ledger's commit times), so it is right
   * from the first look and does not depend on how often anyone asks.
   */
  private Ledger ledger() {
    String sql =
        "SELECT coalesce(sum(accepted),0), coalesce(sum(rejected),0), coalesce(sum(duplicates),0),"
            + " (SELECT count(*) FROM monitoring.alerts),"
            + " coalesce(sum(accepted) FILTER (WHERE committed_at > now() - make_interval(secs => "
            + RATE_WINDOW_SECONDS
            + ")),0),"
            + " (SELECT count(*) FROM monitoring.rejections WHERE 'CONFLICTING_READING' = ANY(codes)),"
            + " (SELECT count(*) FROM monitoring.alerts WHERE late), coalesce(sum(beyond_horizon),0)"
            + " FROM monitoring.batch_ledger WHERE query_name LIKE 'readings-%'";
    try (Connection c = stack.store().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return new Ledger(
          rs.getLong(1),
          rs.getLong(2),
          rs.getLong(3),
          rs.getLong(4),
          rs.getLong(5) / (double) RATE_WINDOW_SECONDS,
          rs.getLong(6),
          rs.getLong(7),
          rs.getLong(8));
    } catch (SQLException e) {
      // As above: unknown while PostgreSQL does not answer.
      return Ledger.UNKNOWN;
    }
  }

  /** Raw records the serving job's readings query has not read yet. */
  private Long lag(long rawEnd) {
    if (stack.job() == null || rawEnd < 0) {
      return null;
    }
    long read = RawLog.readBy(stack.job().readingsQuery(), stack.topics().raw());
    return read < 0 ? null : Math.max(0, rawEnd - read);
  }
}
