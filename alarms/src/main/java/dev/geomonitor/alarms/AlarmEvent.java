package dev.geomonitor.alarms;

import java.time.Instant;

/**
 * One line of an alarm's audit trail ({@code monitoring.alarm_events}).
 *
 * @param event what happened: RAISED, LEVEL_CHANGED, LATE_CROSSING, ESCALATED, ACKNOWLEDGED,
 *     COMMENTED, CLEARED, RERAISED, ALL_CLEAR, CLOSED
 * @param actor who: a person's name for acknowledgements and comments, {@code system} otherwise
 * @param alertId the alert that caused it, if any
 * @param ts the event time of that alert's reading, if any
 */
public record AlarmEvent(
    String event,
    AlarmState fromState,
    AlarmState toState,
    String level,
    String actor,
    String comment,
    String alertId,
    Instant ts,
    Instant at) {

  public static final String SYSTEM = "system";
}
