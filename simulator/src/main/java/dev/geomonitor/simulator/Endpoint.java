package dev.geomonitor.simulator;

import java.util.List;
import java.util.Optional;

/**
 * The data paths of the API. v1 splits settlement markers over three axis endpoints, each serving
 * its own monitoring points, so that (instrument, borehole_number, timestamp) stays unique across
 * them.
 */
public enum Endpoint {
  WATER_STANDPIPE(
      "/params/water_standpipe/",
      "water_standpipe",
      "AHD (m)",
      List.of(InstrumentKind.WATER_STANDPIPE),
      null),
  PORE_PRESSURE(
      "/params/pore_pressure/", "pore_pressure", null, List.of(InstrumentKind.PIEZOMETER), null),
  SETTLEMENT_X(
      "/params/settlement/x/",
      "settlement",
      null,
      List.of(InstrumentKind.SETTLEMENT_MARKER),
      Axis.X),
  SETTLEMENT_Y(
      "/params/settlement/y/",
      "settlement",
      null,
      List.of(InstrumentKind.SETTLEMENT_MARKER),
      Axis.Y),
  SETTLEMENT_Z(
      "/params/settlement/z/",
      "settlement",
      null,
      List.of(InstrumentKind.SETTLEMENT_MARKER),
      Axis.Z),
  EXTENSOMETER(
      "/params/extensometer/", "extensometer", null, List.of(InstrumentKind.EXTENSOMETER), null),
  STRAIN_GAUGE(
      "/params/strain_gauge/", "strain_gauge", null, List.of(InstrumentKind.STRAIN_GAUGE), null),
  ALL("/params/all/", "all", "AHD (m)", List.of(InstrumentKind.values()), null);

  private final String path;
  private final String requestType;
  private final String rlUnits;
  private final List<InstrumentKind> kinds;
  private final Axis axis;

  Endpoint(String path, String requestType, String rlUnits, List<InstrumentKind> kinds, Axis axis) {
    this.path = path;
    this.requestType = requestType;
    this.rlUnits = rlUnits;
    this.kinds = kinds;
    this.axis = axis;
  }

  public String path() {
    return path;
  }

  String requestType() {
    return requestType;
  }

  /** v1's {@code RL_units}: only reduced levels (standpipes) have one. */
  String rlUnits() {
    return rlUnits;
  }

  List<InstrumentKind> kinds() {
    return kinds;
  }

  /** The settlement axis this endpoint serves, or null. */
  Axis axis() {
    return axis;
  }

  /** v2's {@code units}: one unit when the endpoint serves one quantity. */
  String v2Units() {
    return this == ALL
        ? "mixed: water level (m), pressure (kPa), displacement (mm)"
        : kinds.get(0).v2Units();
  }

  /**
   * Whether the endpoint exists in the given API version (extensometer and strain gauge paths are
   * v2 only).
   */
  public boolean servedIn(ApiFlavour flavour) {
    return this == ALL || kinds.get(0).servedIn(flavour);
  }

  /** The endpoint of a request path; the trailing slash is optional, as on the real API. */
  public static Optional<Endpoint> ofPath(String requestPath) {
    if (requestPath == null) {
      return Optional.empty();
    }
    String p = requestPath.endsWith("/") ? requestPath : requestPath + "/";
    for (Endpoint e : values()) {
      if (e.path.equals(p)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** Settlement axes: z is vertical, x across the tunnel, y along it. */
  public enum Axis {
    X("x", 0.6),
    Y("y", 0.45),
    Z("z", 1.0);

    private final String wireName;
    private final double share;

    Axis(String wireName, double share) {
      this.wireName = wireName;
      this.share = share;
    }

    public String wireName() {
      return wireName;
    }

    /**
     * The fraction of the vertical settlement the axis sees (ground moves mostly down, less
     * sideways).
     */
    double share() {
      return share;
    }
  }
}
