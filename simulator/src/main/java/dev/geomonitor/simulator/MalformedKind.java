package dev.geomonitor.simulator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The ways the simulator corrupts an item, each one a defect seen on real feeds. */
public enum MalformedKind {
  /** A required field (value, northing, timestamp or borehole_number) is left out. */
  MISSING_FIELD("missing_field"),
  /** The value is sent as a string, "86.25" instead of 86.25. */
  STRING_VALUE("string_value"),
  /** northing is a boolean. */
  BOOLEAN_NORTHING("boolean_northing"),
  /** borehole_number is blank. */
  BLANK_BOREHOLE_NUMBER("blank_borehole_number"),
  /** instrument names a type the API does not have. */
  UNKNOWN_INSTRUMENT("unknown_instrument"),
  /** The logger's error code -9999 in place of a value: outside every physical range. */
  VALUE_OUT_OF_RANGE("value_out_of_range"),
  /** northing and easting swapped: a point far outside the site grid. */
  COORDINATES_OUTSIDE_GRID("coordinates_outside_grid"),
  /** A day-first local timestamp ("15/04/2022 22:01:29") that ISO-8601 cannot parse. */
  UNPARSEABLE_TIMESTAMP("unparseable_timestamp");

  private final String wireName;

  MalformedKind(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static MalformedKind fromWireName(String name) {
    return Arrays.stream(values())
        .filter(k -> k.wireName.equals(name) || k.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "malformed kind '"
                        + name
                        + "' is unknown; use one of "
                        + Arrays.stream(values())
                            .map(MalformedKind::wireName)
                            .collect(Collectors.joining(", "))));
  }
}
