package dev.geomonitor.alarms;

/**
 * A message people must get about an alarm, decided by the lifecycle and queued with the transition
 * that caused it.
 *
 * @param type RAISE (raised, reopened after an all-clear, or worse level), ESCALATE (not
 *     acknowledged in time), REMINDER (acknowledged, still active) or ALL_CLEAR (cleared and stayed
 *     clear for the hold time)
 * @param level the alarm's level the message is about
 * @param step the escalation step (1, 2...) or the reminder's number, 0 for other messages
 */
public record AlarmMessage(Type type, String level, int step) {
  public enum Type {
    RAISE,
    ESCALATE,
    REMINDER,
    ALL_CLEAR
  }

  /**
   * Equal keys are one message: a transition applied twice, or a flapping level, never tells anyone
   * twice.
   */
  public String dedupeKey(long alarmId, int episode) {
    return alarmId + ":" + episode + ":" + type + ":" + level + ":" + step;
  }
}
