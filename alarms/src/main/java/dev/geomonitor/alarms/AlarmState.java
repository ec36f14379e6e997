package dev.geomonitor.alarms;

/**
 * The lifecycle of an alarm: RAISED → ACKNOWLEDGED → CLEARED → CLOSED (a re-crossing can reopen a
 * CLEARED one).
 */
public enum AlarmState {
  /** Active and nobody has acknowledged it yet: escalation runs. */
  RAISED,
  /** Active, acknowledged by a named person. */
  ACKNOWLEDGED,
  /**
   * The condition is gone (value back under its levels, instrument reporting again); closes once
   * acknowledged.
   */
  CLEARED,
  /** Over: acknowledged and all-clear given. A later crossing raises a new alarm. */
  CLOSED;

  public boolean isOpen() {
    return this != CLOSED;
  }
}
