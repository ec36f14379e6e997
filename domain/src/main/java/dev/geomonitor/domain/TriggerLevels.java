package dev.geomonitor.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Trigger levels of an instrument type or of one instrument. Levels are magnitudes of change from a
 * baseline, in the type's unit, as geotechnical monitoring plans set them (e.g. "Alert at 1 m
 * drawdown").
 *
 * @param instrument the instrument type's wire name
 * @param boreholeNumber null for the type default, else the one instrument this override is for
 * @param direction which changes count: RISE (value above baseline), FALL (below) or BOTH
 * @param baseline the reference value; null means "the instrument's first accepted reading"
 * @param alert change at which the status becomes ALERT
 * @param alarm change at which the status becomes ALARM
 * @param action change at which the status becomes ACTION
 * @param persistence how many consecutive readings (in event-time order) must be at or beyond a
 *     level before the status rises to it, and below its clearing point before it falls from it;
 *     null or 1: every reading counts on its own
 * @param hysteresis the clearing band: a status held at a level falls from it only once the change
 *     is below {@code level - hysteresis}; null or 0: no band. Less than {@code alert}, so every
 *     level can clear
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerLevels(
    @JsonProperty("instrument") String instrument,
    @JsonProperty("borehole_number") String boreholeNumber,
    @JsonProperty("direction") Direction direction,
    @JsonProperty("baseline") Double baseline,
    @JsonProperty("alert") double alert,
    @JsonProperty("alarm") double alarm,
    @JsonProperty("action") double action,
    @JsonProperty("persistence") Integer persistence,
    @JsonProperty("hysteresis") Double hysteresis) {

  /** The most consecutive readings a level may ask for (a day of readings every 15 minutes). */
  public static final int MAX_PERSISTENCE = 96;

  public enum Direction {
    RISE,
    FALL,
    BOTH
  }

  public TriggerLevels {
    if (instrument == null || InstrumentType.fromWireName(instrument).isEmpty()) {
      throw new IllegalArgumentException(
          "trigger levels name an unknown instrument type: " + instrument);
    }
    if (direction == null) {
      direction = Direction.BOTH;
    }
    if (!(alert > 0 && alert <= alarm && alarm <= action)) {
      throw new IllegalArgumentException(
          "trigger levels for "
              + instrument
              + (boreholeNumber == null ? "" : " " + boreholeNumber)
              + " must satisfy 0 < alert <= alarm <= action, got "
              + alert
              + ", "
              + alarm
              + ", "
              + action);
    }
    if (persistence == null) {
      persistence = 1;
    }
    if (persistence < 1 || persistence > MAX_PERSISTENCE) {
      throw new IllegalArgumentException(
          "trigger levels for "
              + name(instrument, boreholeNumber)
              + ": persistence is a count of consecutive readings from 1 to "
              + MAX_PERSISTENCE
              + ", got "
              + persistence);
    }
    if (hysteresis == null) {
      hysteresis = 0.0;
    }
    if (!(hysteresis >= 0 && hysteresis < alert)) {
      throw new IllegalArgumentException(
          "trigger levels for "
              + name(instrument, boreholeNumber)
              + ": hysteresis must be at least 0 and below the alert level ("
              + alert
              + ") so every level can clear, got "
              + hysteresis);
    }
  }

  /** Levels without persistence or a clearing band: each reading judged on its own. */
  public TriggerLevels(
      String instrument,
      String boreholeNumber,
      Direction direction,
      Double baseline,
      double alert,
      double alarm,
      double action) {
    this(instrument, boreholeNumber, direction, baseline, alert, alarm, action, null, null);
  }

  private static String name(String instrument, String boreholeNumber) {
    return instrument + (boreholeNumber == null ? "" : " " + boreholeNumber);
  }

  /** The same levels for another scope (instrument, borehole number). */
  public TriggerLevels forScope(String instrument, String boreholeNumber) {
    return new TriggerLevels(
        instrument,
        boreholeNumber,
        direction,
        baseline,
        alert,
        alarm,
        action,
        persistence,
        hysteresis);
  }

  /**
   * True when a status depends on more than the reading itself: persistence above 1 or a clearing
   * band.
   */
  public boolean holdsStatus() {
    return persistence > 1 || hysteresis > 0;
  }

  /** The change that counts for this instrument: positive when it moves in a watched direction. */
  public double exceedance(double value, double baselineValue) {
    double change = value - baselineValue;
    return switch (direction) {
      case RISE -> change;
      case FALL -> -change;
      case BOTH -> Math.abs(change);
    };
  }

  public TriggerStatus statusOf(double value, double baselineValue) {
    return statusAt(exceedance(value, baselineValue));
  }

  /** The highest status whose level {@code e} reaches. */
  private TriggerStatus statusAt(double e) {
    if (e >= action) {
      return TriggerStatus.ACTION;
    }
    if (e >= alarm) {
      return TriggerStatus.ALARM;
    }
    if (e >= alert) {
      return TriggerStatus.ALERT;
    }
    return TriggerStatus.NORMAL;
  }

  /**
   * The highest status this reading keeps a held status at: a status stays while the change is at
   * or beyond its level minus {@code hysteresis}. Equal to {@link #statusOf} without a band.
   */
  public TriggerStatus clearingStatusOf(double value, double baselineValue) {
    return statusAt(exceedance(value, baselineValue) + hysteresis);
  }

  /** The threshold a status starts at (0 for NORMAL). */
  public double levelOf(TriggerStatus status) {
    return switch (status) {
      case NORMAL -> 0.0;
      case ALERT -> alert;
      case ALARM -> alarm;
      case ACTION -> action;
    };
  }
}
