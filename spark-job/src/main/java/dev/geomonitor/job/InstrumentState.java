package dev.geomonitor.job;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the job remembers per series between micro-batches (Spark state store, RocksDB): the
 * baseline (its earliest reading by event time), its latest reading by event time and the trigger
 * status that reading gave, the readings of the last horizon (timestamp, value, status: for
 * deduplication, corrections, predecessors and late alerts; kept as parallel arrays sorted by
 * timestamp, see {@link RememberedReadings}) and its open event-time windows.
 */
public class InstrumentState implements Serializable {
  private static final long serialVersionUID = 2L;

  private Double baselineValue;
  private Instant baselineTs;
  private Instant lastTs;
  private Double lastValue;
  private String status;
  private long[] rememberedTs = new long[0];
  private double[] rememberedValues = new double[0];
  private int[] rememberedStatuses = new int[0];
  private List<WindowStats> windows = new ArrayList<>();

  public InstrumentState() {}

  public Double getBaselineValue() {
    return baselineValue;
  }

  public void setBaselineValue(Double baselineValue) {
    this.baselineValue = baselineValue;
  }

  public Instant getBaselineTs() {
    return baselineTs;
  }

  public void setBaselineTs(Instant baselineTs) {
    this.baselineTs = baselineTs;
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

  /** Epoch milliseconds of the remembered readings, ascending. */
  public long[] getRememberedTs() {
    return rememberedTs;
  }

  public void setRememberedTs(long[] rememberedTs) {
    this.rememberedTs = rememberedTs == null ? new long[0] : rememberedTs;
  }

  public double[] getRememberedValues() {
    return rememberedValues;
  }

  public void setRememberedValues(double[] rememberedValues) {
    this.rememberedValues = rememberedValues == null ? new double[0] : rememberedValues;
  }

  /** {@link dev.geomonitor.domain.TriggerStatus} ordinals of the remembered readings. */
  public int[] getRememberedStatuses() {
    return rememberedStatuses;
  }

  public void setRememberedStatuses(int[] rememberedStatuses) {
    this.rememberedStatuses = rememberedStatuses == null ? new int[0] : rememberedStatuses;
  }

  public List<WindowStats> getWindows() {
    return windows;
  }

  public void setWindows(List<WindowStats> windows) {
    this.windows = windows == null ? new ArrayList<>() : windows;
  }
}
