package dev.geomonitor.alarms;

/** Where an alarm comes from. */
public enum AlarmKind {
  /** A trigger-level crossing (Alert / Alarm / Action) reported by the Spark job's alerts. */
  LEVEL,
  /** An instrument silent past its expected reporting interval (processing time). */
  STALE,
  /** An instrument whose latest readings are all exactly the same value. */
  FLATLINE,
  /** An instrument whose value moved faster than its rate-of-change trigger (e.g. 5 mm in 24 h). */
  RATE
}
