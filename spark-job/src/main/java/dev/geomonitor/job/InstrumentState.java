package dev.geomonitor.job;

import java.io.Serializable;
import java.time.Instant;

/**
 * What the job remembers per instrument between micro-batches (Spark state store, RocksDB): the baseline taken from its
 * first accepted reading, its latest reading in event time and the trigger status that reading gave.
 */
public class InstrumentState implements Serializable {
  private static final long serialVersionUID = 1L;

  private Double firstValue;
  private Instant lastTs;
  private Double lastValue;
  private String status;

  public InstrumentState() {}

  public Double getFirstValue() {
    return firstValue;
  }

  public void setFirstValue(Double firstValue) {
    this.firstValue = firstValue;
  }

  public Instant getLastTs() {
    return lastTs;
  }

  public void setLastTs(Instant lastTs) {
    this.lastTs = lastTs;
  }

  public Double getLastValue() {
    return lastValue;
  }

  public void setLastValue(Double lastValue) {
    this.lastValue = lastValue;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }
}
