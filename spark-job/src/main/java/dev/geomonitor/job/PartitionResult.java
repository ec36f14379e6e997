package dev.geomonitor.job;

import java.io.Serializable;

/**
 * What one output partition of a micro-batch did, returned to the driver: counts and timings only
 * (one row per partition, never a record), so the driver can log and account for the batch without
 * holding it.
 */
public class PartitionResult implements Serializable {
  private static final long serialVersionUID = 1L;

  private int partition;
  private long rowsIn;
  private long readings;
  private long alerts;
  private long rejected;
  private long aggregates;
  private long beyondHorizon;

  /**
   * Written now; false for an empty partition, a noop run, or a replayed partition committed
   * before.
   */
  private boolean written;

  /**
   * Found in the ledger: committed by an earlier attempt of the batch, so neither sink was written
   * again.
   */
  private boolean skipped;

  private long computeMs;
  private long postgresMs;
  private long kafkaWaitMs;
  private long newestFetchedAtMillis = Long.MIN_VALUE;

  public PartitionResult() {}

  PartitionResult(int partition) {
    this.partition = partition;
  }

  /** Counts one record of the partition. */
  void count(OutputRecord r) {
    switch (r.kindOf()) {
      case READING -> {
        readings++;
        newestFetchedAtMillis = Math.max(newestFetchedAtMillis, r.getFetchedAtMillis());
      }
      case ALERT -> alerts++;
      case REJECT -> rejected++;
      case AGGREGATE -> aggregates++;
      case TALLY -> {
        rowsIn += r.getTally();
        beyondHorizon += r.getBeyondHorizon();
      }
    }
  }

  /**
   * A record of this partition whose row PostgreSQL refused: it was dead-lettered instead of
   * published. A reading counts as a rejected raw record from then on; an alert or aggregate is no
   * longer counted as published.
   */
  void refused(OutputRecord.Kind kind) {
    switch (kind) {
      case READING -> {
        readings--;
        rejected++;
      }
      case ALERT -> alerts--;
      case AGGREGATE -> aggregates--;
      default -> {
        // dead letters and tallies are not refused by kind
      }
    }
  }

  boolean isEmpty() {
    return rowsIn == 0 && readings == 0 && alerts == 0 && rejected == 0 && aggregates == 0;
  }

  public int getPartition() {
    return partition;
  }

  public void setPartition(int partition) {
    this.partition = partition;
  }

  public long getBeyondHorizon() {
    return beyondHorizon;
  }

  public void setBeyondHorizon(long beyondHorizon) {
    this.beyondHorizon = beyondHorizon;
  }

  public long getRowsIn() {
    return rowsIn;
  }

  public void setRowsIn(long rowsIn) {
    this.rowsIn = rowsIn;
  }

  public long getReadings() {
    return readings;
  }

  public void setReadings(long readings) {
    this.readings = readings;
  }

  public long getAlerts() {
    return alerts;
  }

  public void setAlerts(long alerts) {
    this.alerts = alerts;
  }

  public long getRejected() {
    return rejected;
  }

  public void setRejected(long rejected) {
    this.rejected = rejected;
  }

  public long getAggregates() {
    return aggregates;
  }

  public void setAggregates(long aggregates) {
    this.aggregates = aggregates;
  }

  public boolean isWritten() {
    return written;
  }

  public void setWritten(boolean written) {
    this.written = written;
  }

  public boolean isSkipped() {
    return skipped;
  }

  public void setSkipped(boolean skipped) {
    this.skipped = skipped;
  }

  public long getComputeMs() {
    return computeMs;
  }

  public void setComputeMs(long computeMs) {
    this.computeMs = computeMs;
  }

  public long getPostgresMs() {
    return postgresMs;
  }

  public void setPostgresMs(long postgresMs) {
    this.postgresMs = postgresMs;
  }

  public long getKafkaWaitMs() {
    return kafkaWaitMs;
  }

  public void setKafkaWaitMs(long kafkaWaitMs) {
    this.kafkaWaitMs = kafkaWaitMs;
  }

  /** Epoch ms of the newest reading's fetch, or Long.MIN_VALUE without readings. */
  public long getNewestFetchedAtMillis() {
    return newestFetchedAtMillis;
  }

  public void setNewestFetchedAtMillis(long newestFetchedAtMillis) {
    this.newestFetchedAtMillis = newestFetchedAtMillis;
  }
}
