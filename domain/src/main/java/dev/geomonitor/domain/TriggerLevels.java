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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerLevels(
    @JsonProperty("instrument") String instrument,
    @JsonProperty("borehole_number") String boreholeNumber,
    @JsonProperty("direction") Direction direction,
    @JsonProperty("baseline") Double baseline,
    @JsonProperty("alert") double alert,
    @JsonProperty("alarm") double alarm,
    @JsonProperty("action") double action) {

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
    double e = exceedance(value, baselineValue);
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
