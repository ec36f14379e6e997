package dev.geomonitor.simulator;

/**
 * The kinds of instrument the simulated API serves, with their names on the wire. The simulator
 * keeps its own list (rather than the pipeline's) because it stands for an external system the
 * pipeline must not be able to shape.
 */
public enum InstrumentKind {
  WATER_STANDPIPE("water_standpipe", "BH", "water_level", "water level (m)", false),
  PIEZOMETER("piezometer", "PZ", "pwp", "pressure (kPa)", false),
  SETTLEMENT_MARKER("settlement_marker", "SM", "displacement", "displacement (mm)", false),
  EXTENSOMETER("extensometer", "EX", "displacement", "displacement (mm)", true),
  STRAIN_GAUGE("strain_gauge", "SG", "displacement", "displacement (mm)", true);

  private final String wireName;
  private final String idPrefix;
  private final String v1ValueField;
  private final String v2Units;
  private final boolean v2Only;

  InstrumentKind(
      String wireName, String idPrefix, String v1ValueField, String v2Units, boolean v2Only) {
    this.wireName = wireName;
    this.idPrefix = idPrefix;
    this.v1ValueField = v1ValueField;
    this.v2Units = v2Units;
    this.v2Only = v2Only;
  }

  /** The {@code instrument} field of an item. */
  public String wireName() {
    return wireName;
  }

  String idPrefix() {
    return idPrefix;
  }

  /** The item field carrying the value in v1; v2 always uses {@code reading}. */
  public String valueField(ApiFlavour flavour) {
    return flavour == ApiFlavour.V2 ? "reading" : v1ValueField;
  }

  String v2Units() {
    return v2Units;
  }

  /** Extensometers and strain gauges exist only in v2. */
  public boolean servedIn(ApiFlavour flavour) {
    return flavour == ApiFlavour.V2 || !v2Only;
  }

  /** Kinds whose value is a displacement with baseline 0, driven by the tunnel face. */
  boolean movesWithTunnel() {
    return this == SETTLEMENT_MARKER || this == EXTENSOMETER || this == STRAIN_GAUGE;
  }
}
