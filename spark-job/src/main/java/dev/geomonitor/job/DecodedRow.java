package dev.geomonitor.job;

import java.io.Serializable;

/**
 * One raw record after the single decode of the readings query, on its way to the per-instrument
 * state operator: an accepted {@link ReadingRow} grouped by its instrument key, or an {@link
 * OutputRecord} (a dead letter or a partition's tally) that only passes through. Sending both
 * through the same operator chain is what lets the job decode each raw record once: a second branch
 * of the plan would scan and decode the Kafka source again.
 */
public class DecodedRow implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Group keys of pass-through rows start with this; instrument keys never do (they start with one
   * of the five known instrument type names).
   */
  static final String PASS_THROUGH_PREFIX = "~pass:";

  private String group;
  private ReadingRow reading;
  private OutputRecord passThrough;

  public DecodedRow() {}

  static DecodedRow reading(ReadingRow reading) {
    DecodedRow row = new DecodedRow();
    row.group = reading.seriesKey();
    row.reading = reading;
    return row;
  }

  /**
   * {@code sourcePartition} spreads the pass-through rows of different input partitions over the
   * shuffle.
   */
  static DecodedRow passThrough(OutputRecord record, int sourcePartition) {
    DecodedRow row = new DecodedRow();
    row.group = PASS_THROUGH_PREFIX + sourcePartition;
    row.passThrough = record;
    return row;
  }

  static boolean isPassThroughGroup(String group) {
    return group.startsWith(PASS_THROUGH_PREFIX);
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  public ReadingRow getReading() {
    return reading;
  }

  public void setReading(ReadingRow reading) {
    this.reading = reading;
  }

  public OutputRecord getPassThrough() {
    return passThrough;
  }

  public void setPassThrough(OutputRecord passThrough) {
    this.passThrough = passThrough;
  }
}
