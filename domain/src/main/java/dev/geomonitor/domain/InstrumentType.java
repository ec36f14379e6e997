package dev.geomonitor.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of instrument the source API serves, with the quantity each measures, its unit and the
 * physically plausible range a reading must fall in. A value outside the range is a faulty sensor
 * or a corrupted record, never a real reading.
 */
public enum InstrumentType {
  WATER_STANDPIPE("water_standpipe", "water_level", "m AHD", -100.0, 500.0),
  PIEZOMETER("piezometer", "pore_water_pressure", "kPa", -100.0, 3000.0),
  SETTLEMENT_MARKER("settlement_marker", "displacement", "mm", -2000.0, 2000.0),
  EXTENSOMETER("extensometer", "displacement", "mm", -2000.0, 2000.0),
  STRAIN_GAUGE("strain_gauge", "displacement", "mm", -2000.0, 2000.0);

  private final String wireName;
  private final String quantity;
  private final String unit;
  private final double minValue;
  private final double maxValue;

  InstrumentType(String wireName, String quantity, String unit, double minValue, double maxValue) {
    this.wireName = wireName;
    this.quantity = quantity;
    this.unit = unit;
    this.minValue = minValue;
    this.maxValue = maxValue;
  }

  /** The name used in the API's {@code instrument} field and in every output record. */
  public String wireName() {
    return wireName;
  }

  public String quantity() {
    return quantity;
  }

  public String unit() {
    return unit;
  }

  public double minValue() {
    return minValue;
  }

  public double maxValue() {
    return maxValue;
  }

  public boolean inRange(double value) {
    return value >= minValue && value <= maxValue;
  }

  /**
   * The rejection of {@code value} read from {@code field} when it lies outside this type's range,
   * else null.
   */
  public Rejection rangeProblem(String field, double value) {
    if (inRange(value)) {
      return null;
    }
    return Rejection.of(
        RejectCode.VALUE_OUT_OF_RANGE,
        field,
        field
            + " "
            + value
            + " "
            + unit
            + " is outside the physical range ["
            + minValue
            + ", "
            + maxValue
            + "] of a "
            + wireName);
  }

  /**
   * The item field that carries the measured value in API v1 ({@code water_level}, {@code pwp},
   * {@code displacement}). v2 always uses {@code reading}.
   */
  public String v1ValueField() {
    return switch (this) {
      case WATER_STANDPIPE -> "water_level";
      case PIEZOMETER -> "pwp";
      default -> "displacement";
    };
  }

  public static Optional<InstrumentType> fromWireName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }
}
