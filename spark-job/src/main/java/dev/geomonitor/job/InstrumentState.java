package dev.geomonitor.job;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the job remembers per instrument between micro-batches (Spark state store, RocksDB): the baseline taken from its
 * first accepted reading, its latest reading in event time, the trigger status that reading gave, the timestamps of
 * its recent readings (for deduplication) and its open event-time windows.
 */
public class InstrumentState implements Serializable {
  private static final long serialVersionUID = 1L;

  private Double firstValue;
  private Instant lastTs;
  private Double lastValue;
  private String status;
  private List<Instant> recentTs = new ArrayList<>();
  private List<WindowStats> windows = new ArrayList<>();

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

  public List<Instant> getRecentTs() {
    return recentTs;
  }

  public void setRecentTs(List<Instant> recentTs) {
    this.recentTs = recentTs == null ? new ArrayList<>() : recentTs;
  }

  public List<WindowStats> getWindows() {
    return windows;
  }

  public void setWindows(List<WindowStats> windows) {
    this.windows = windows == null ? new ArrayList<>() : windows;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }
}
