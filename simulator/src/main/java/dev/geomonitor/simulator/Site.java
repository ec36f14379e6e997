package dev.geomonitor.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulated site, generated from the seed: a tunnel driven from a launch shaft across the
 * Melbourne grid, standpipes and piezometers spread over the site (a few beside the shaft, where
 * dewatering draws them down), and displacement instruments mostly away from the alignment with a
 * few right on it.
 */
public final class Site {
  /**
   * The grid of DESIGN.md (MGA zone 55, Melbourne) shrunk by a margin so no instrument sits on its
   * edge.
   */
  static final double MIN_NORTHING = 5_810_250;

  static final double MAX_NORTHING = 5_815_750;
  static final double MIN_EASTING = 316_250;
  static final double MAX_EASTING = 324_750;

  /** The tunnel runs from the launch shaft (A) to the reception shaft (B). */
  static final double SHAFT_A_NORTHING = 5_811_200;

  static final double SHAFT_A_EASTING = 317_200;
  static final double SHAFT_B_NORTHING = 5_814_800;
  static final double SHAFT_B_EASTING = 323_800;
  static final double ALIGNMENT_LENGTH =
      Math.hypot(SHAFT_B_NORTHING - SHAFT_A_NORTHING, SHAFT_B_EASTING - SHAFT_A_EASTING);

  /**
   * Width parameter of the transverse settlement trough: ground 30 m off the alignment sees under 5
   * % of the peak.
   */
  static final double TROUGH_WIDTH = 12.0;

  static final double ORDINARY_MIN_OFFSET = 30.0;
  static final double TUNNEL_ZONE_MAX_OFFSET = 6.0;

  /** Share of each displacement kind placed on the alignment (at least one). */
  static final double TUNNEL_ZONE_FRACTION = 0.05;

  public static final int MAX_INSTRUMENTS_PER_TYPE = 9000;

  private static final long SALT_SITE = 0x517E;

  private final Map<InstrumentKind, List<Instrument>> byKind;

  private Site(Map<InstrumentKind, List<Instrument>> byKind) {
    this.byKind = byKind;
  }

  /**
   * Generates the site.
   *
   * @param seed the scenario seed
   * @param perType instruments of each kind (settlement markers are split over the x, y and z axes)
   * @param drawdownFraction share of standpipes drawn down by dewatering (at least one)
   * @param sampleIntervalMillis the sampling interval, which bounds each instrument's sampling
   *     phase
   */
  static Site generate(long seed, int perType, double drawdownFraction, long sampleIntervalMillis) {
    Map<InstrumentKind, List<Instrument>> byKind = new EnumMap<>(InstrumentKind.class);
    for (InstrumentKind kind : InstrumentKind.values()) {
      List<Instrument> list = new ArrayList<>(perType);
      List<Integer> numbers = idNumbers(seed, kind, perType);
      int special =
          kind == InstrumentKind.WATER_STANDPIPE
              ? Math.max(1, (int) Math.round(perType * drawdownFraction))
              : kind.movesWithTunnel()
                  ? Math.max(1, (int) Math.round(perType * TUNNEL_ZONE_FRACTION))
                  : 0;
      for (int i = 0; i < perType; i++) {
        Draws.Sequence draw = new Draws.Sequence(seed, SALT_SITE, kind.ordinal(), i);
        long phase = (long) (draw.uniform() * sampleIntervalMillis);
        boolean isSpecial = i < special;
        list.add(
            switch (kind) {
              case WATER_STANDPIPE -> standpipe(numbers.get(i), isSpecial, phase, draw);
              case PIEZOMETER -> piezometer(numbers.get(i), phase, draw);
              default -> tunnelInstrument(kind, i, numbers.get(i), isSpecial, special, phase, draw);
            });
      }
      byKind.put(kind, Collections.unmodifiableList(list));
    }
    return new Site(byKind);
  }

  public List<Instrument> instruments(InstrumentKind kind) {
    return byKind.get(kind);
  }

  /** The instruments an endpoint serves, in a stable order. */
  List<Instrument> instruments(InstrumentKind kind, Endpoint.Axis axis) {
    if (axis == null) {
      return byKind.get(kind);
    }
    return byKind.get(kind).stream().filter(i -> i.axis() == axis).toList();
  }

  public List<Instrument> all() {
    List<Instrument> out = new ArrayList<>();
    byKind.values().forEach(out::addAll);
    return out;
  }

  private static Instrument standpipe(
      int number, boolean drawdown, long phase, Draws.Sequence draw) {
    double northing;
    double easting;
    if (drawdown) {
      // Beside the launch shaft, where the excavation is dewatered.
      double angle = draw.between(0, 2 * Math.PI);
      double radius = draw.between(60, 200);
      northing = SHAFT_A_NORTHING + radius * Math.sin(angle);
      easting = SHAFT_A_EASTING + radius * Math.cos(angle);
    } else {
      northing = draw.between(MIN_NORTHING, MAX_NORTHING);
      easting = draw.between(MIN_EASTING, MAX_EASTING);
    }
    double surface = round(draw.between(15, 95), 2);
    double depthToWater = draw.between(1.5, 12);
    Instrument.Series series =
        new Instrument.Series(
            surface - depthToWater,
            draw.between(0.03, 0.10),
            draw.between(2, 8) * 3600,
            draw.between(0, 2 * Math.PI),
            // A pumped well barely feels rain: the cone of depression dominates.
            drawdown ? draw.between(0.05, 0.2) : draw.between(0.4, 1.0),
            draw.between(0, 60),
            0.004,
            phase,
            drawdown ? draw.between(20, 40) : 0,
            drawdown ? draw.between(0.9, 1.1) / 80.0 : 0,
            drawdown ? draw.between(3.5, 4.0) : 0,
            0,
            0);
    return new Instrument(
        InstrumentKind.WATER_STANDPIPE,
        "BH-" + number,
        null,
        Math.round(northing),
        Math.round(easting),
        surface,
        drawdown ? Instrument.Role.DRAWDOWN : Instrument.Role.ORDINARY,
        series);
  }

  private static Instrument piezometer(int number, long phase, Draws.Sequence draw) {
    double northing = draw.between(MIN_NORTHING, MAX_NORTHING);
    double easting = draw.between(MIN_EASTING, MAX_EASTING);
    Instrument.Series series =
        new Instrument.Series(
            draw.between(30, 250),
            draw.between(0.5, 1.5),
            draw.between(2, 8) * 3600,
            draw.between(0, 2 * Math.PI),
            draw.between(0.4, 1.0),
            draw.between(0, 90),
            0.15,
            phase,
            0,
            0,
            0,
            0,
            0);
    return new Instrument(
        InstrumentKind.PIEZOMETER,
        "PZ-" + number,
        null,
        Math.round(northing),
        Math.round(easting),
        null,
        Instrument.Role.ORDINARY,
        series);
  }

  private static Instrument tunnelInstrument(
      InstrumentKind kind,
      int index,
      int number,
      boolean onAlignment,
      int zoneCount,
      long phase,
      Draws.Sequence draw) {
    // Index order z, x, y so that the first settlement marker (always on the alignment) is a
    // vertical one.
    Endpoint.Axis axis =
        kind == InstrumentKind.SETTLEMENT_MARKER
            ? List.of(Endpoint.Axis.Z, Endpoint.Axis.X, Endpoint.Axis.Y).get(index % 3)
            : null;
    double chainage;
    double offset;
    if (onAlignment) {
      // Just ahead of the face, spaced out so the face reaches them one after another.
      double spacing = Math.min(60, (ALIGNMENT_LENGTH - 200) / Math.max(1, zoneCount));
      chainage = 25 + index * spacing + draw.between(0, 10);
      offset = draw.sign() * draw.between(0, TUNNEL_ZONE_MAX_OFFSET);
    } else {
      double[] placed = ordinaryPlacement(draw);
      chainage = placed[0];
      offset = placed[1];
    }
    double northing = SHAFT_A_NORTHING + chainage * alongNorthing() + offset * acrossNorthing();
    double easting = SHAFT_A_EASTING + chainage * alongEasting() + offset * acrossEasting();
    double scale =
        switch (kind) {
          case SETTLEMENT_MARKER -> 1.0;
          case EXTENSOMETER -> 0.5;
          default -> 0.2;
        };
    double direction =
        kind == InstrumentKind.EXTENSOMETER || axis == Endpoint.Axis.Z ? -1.0 : draw.sign();
    double share = axis == null ? 1.0 : axis.share();
    double peak =
        direction
            * 40.0
            * scale
            * share
            * Math.exp(-offset * offset / (2 * TROUGH_WIDTH * TROUGH_WIDTH));
    Instrument.Series series =
        new Instrument.Series(
            0,
            draw.between(0.1, 0.3) * scale,
            draw.between(1, 6) * 3600,
            draw.between(0, 2 * Math.PI),
            0,
            0,
            0.08 * scale,
            phase,
            0,
            0,
            0,
            chainage,
            peak);
    String id =
        axis == null
            ? kind.idPrefix() + "-" + number
            : kind.idPrefix()
                + "-"
                + axis.wireName().toUpperCase(java.util.Locale.ROOT)
                + "-"
                + number;
    return new Instrument(
        kind,
        id,
        axis,
        Math.round(northing),
        Math.round(easting),
        null,
        onAlignment ? Instrument.Role.TUNNEL_ZONE : Instrument.Role.ORDINARY,
        series);
  }

  /**
   * A point on the grid at least {@link #ORDINARY_MIN_OFFSET} from the alignment: {chainage,
   * offset}.
   */
  private static double[] ordinaryPlacement(Draws.Sequence draw) {
    while (true) {
      double northing = draw.between(MIN_NORTHING, MAX_NORTHING);
      double easting = draw.between(MIN_EASTING, MAX_EASTING);
      double dn = northing - SHAFT_A_NORTHING;
      double de = easting - SHAFT_A_EASTING;
      double chainage = dn * alongNorthing() + de * alongEasting();
      double offset = dn * acrossNorthing() + de * acrossEasting();
      if (Math.abs(offset) >= ORDINARY_MIN_OFFSET) {
        return new double[] {chainage, offset};
      }
    }
  }

  private static double alongNorthing() {
    return (SHAFT_B_NORTHING - SHAFT_A_NORTHING) / ALIGNMENT_LENGTH;
  }

  private static double alongEasting() {
    return (SHAFT_B_EASTING - SHAFT_A_EASTING) / ALIGNMENT_LENGTH;
  }

  private static double acrossNorthing() {
    return -alongEasting();
  }

  private static double acrossEasting() {
    return alongNorthing();
  }

  /**
   * Distinct four-digit numbers, drawn from the seed, so ids look like a real site's and never
   * collide.
   */
  private static List<Integer> idNumbers(long seed, InstrumentKind kind, int count) {
    Draws.Sequence draw = new Draws.Sequence(seed, SALT_SITE, 0x1D, kind.ordinal());
    Set<Integer> used = new HashSet<>();
    List<Integer> out = new ArrayList<>(count);
    while (out.size() < count) {
      int n = 1000 + (int) (draw.uniform() * 9000);
      if (used.add(n)) {
        out.add(n);
      }
    }
    return out;
  }

  static double round(double value, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(value * f) / f;
  }
}
