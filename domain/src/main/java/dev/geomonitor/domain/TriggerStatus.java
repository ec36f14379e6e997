package dev.geomonitor.domain;

/**
 * Trigger status of a reading, in rising severity. Alert: look closer; Alarm: notify the engineer
 * of record; Action: carry out the contingency plan. The order of the constants is the order of
 * severity.
 */
public enum TriggerStatus {
  NORMAL,
  ALERT,
  ALARM,
  ACTION;

  public boolean isWorseThan(TriggerStatus other) {
    return compareTo(other) > 0;
  }
}
