package dev.geomonitor.local.runner;

import dev.geomonitor.local.page.HealthSnapshot;
import dev.geomonitor.local.page.HealthSnapshot.StageCount;
import dev.geomonitor.local.page.PipelineHealth;
import dev.geomonitor.searchsink.SinkTotals;
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
 * The running totals of every stage, for the console progress line and the live page's health panel. PostgreSQL's
 * batch ledger is the source of truth for what the job processed (it is committed with the data); Kafka end offsets
 * give the raw and DLQ counts.
 */
public final class StackHealth implements PipelineHealth {
  private final LocalStack stack;
  private long lastReadings = -1;
  private long lastNanos;
  private double readingsPerSecond;

  StackHealth(LocalStack stack) {
    this.stack = stack;
  }

  /** What every stage has done so far. */
  public record Totals(
      long served,
      long raw,
      long accepted,
      long rejected,
      long duplicates,
      long indexed,
      long alerts,
      long dlq,
      Long lag,
      long corrections,
      long lateAlerts) {}

  public synchronized Totals totals() {
    long served = stack.simulator() == null ? 0 : stack.simulator().stats().itemsServed();
    long raw = endOffsets(stack.topics().raw());
    long dlq = endOffsets(stack.topics().dlq());
    long[] ledger = ledger();
    SinkTotals sink = stack.sink() == null ? SinkTotals.ZERO : stack.sink().totals();
    return new Totals(served, raw, ledger[0], ledger[1], ledger[2], sink.indexed(), ledger[3], dlq, lag(raw),
        ledger[4], ledger[5]);
  }

  @Override
  public synchronized HealthSnapshot snapshot() {
    Totals t = totals();
    long now = System.nanoTime();
    if (lastReadings >= 0 && now > lastNanos) {
      readingsPerSecond = (t.accepted() - lastReadings) / ((now - lastNanos) / 1e9);
    }
    lastReadings = t.accepted();
    lastNanos = now;
    List<StageCount> stages = new ArrayList<>();
    stages.add(new StageCount("served by API", t.served()));
    stages.add(new StageCount("in raw topic", t.raw()));
    stages.add(new StageCount("accepted", t.accepted()));
    stages.add(new StageCount("rejected", t.rejected()));
    stages.add(new StageCount("of which corrections (CONFLICTING_READING)", t.corrections()));
    stages.add(new StageCount("duplicates", t.duplicates()));
    stages.add(new StageCount("indexed", t.indexed()));
    stages.add(new StageCount("alerts", t.alerts()));
    stages.add(new StageCount("of which late", t.lateAlerts()));
    String version = stack.store().activeVersion().map(Object::toString).orElse("none");
    return new HealthSnapshot(Instant.now(), version, readingsPerSecond, t.lag(), t.dlq(), stages);
  }

  /** Records on the output topics the search sink has not committed yet (0 when it is up to date). */
  public long sinkLag() {
    try {
      var committed =
          stack.admin().listConsumerGroupOffsets(LocalStack.SINK_GROUP).partitionsToOffsetAndMetadata()
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
      throw new IllegalStateException("cannot read the search sink's committed offsets: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the search sink's offsets", e);
    }
  }

  /** Whether the search sink has committed, in every partition, at least the given offsets of the output topics. */
  public boolean sinkCommitted(Map<String, Map<Integer, Long>> ends) {
    try {
      var committed =
          stack.admin().listConsumerGroupOffsets(LocalStack.SINK_GROUP).partitionsToOffsetAndMetadata()
              .get(10, java.util.concurrent.TimeUnit.SECONDS);
      for (var topic : ends.entrySet()) {
        for (var partition : topic.getValue().entrySet()) {
          var done = committed.get(new org.apache.kafka.common.TopicPartition(topic.getKey(), partition.getKey()));
          if (partition.getValue() > 0 && (done == null || done.offset() < partition.getValue())) {
            return false;
          }
        }
      }
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot read the search sink's committed offsets: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the search sink's offsets", e);
    }
  }

  /** One console line. */
  public String progressLine() {
    Totals t = totals();
    return String.format(
        "served %,d | raw %,d | accepted %,d | rejected %,d (corrections %,d) | duplicates %,d | indexed %,d"
            + " | alerts %,d (late %,d) | dlq %,d | lag %s",
        t.served(), t.raw(), t.accepted(), t.rejected(), t.corrections(), t.duplicates(), t.indexed(), t.alerts(),
        t.lateAlerts(), t.dlq(), t.lag() == null ? "?" : String.format("%,d", t.lag()));
  }

  private long endOffsets(String topic) {
    try {
      return RawLog.total(RawLog.offsets(stack.admin(), topic, OffsetSpec.latest()));
    } catch (IllegalStateException e) {
      // The panel shows "unknown" while Kafka does not answer; the runner's own checks report real failures.
      return -1;
    }
  }

  /**
   * accepted, rejected, duplicates, alerts, corrections (CONFLICTING_READING rejections) and late alerts of the active
   * version, as committed with the data.
   */
  private long[] ledger() {
    String sql =
        "SELECT coalesce(sum(accepted),0), coalesce(sum(rejected),0), coalesce(sum(duplicates),0),"
            + " (SELECT count(*) FROM monitoring.alerts),"
            + " (SELECT count(*) FROM monitoring.rejections WHERE 'CONFLICTING_READING' = ANY(codes)),"
            + " (SELECT count(*) FROM monitoring.alerts WHERE late)"
            + " FROM monitoring.batch_ledger WHERE query_name LIKE 'readings-%'";
    try (Connection c = stack.store().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)};
    } catch (SQLException e) {
      // As above: unknown while PostgreSQL does not answer.
      return new long[] {-1, -1, -1, -1, -1, -1};
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
