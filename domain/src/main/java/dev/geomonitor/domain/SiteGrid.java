package dev.geomonitor.domain;

/**
 * The bounds of the site in the site CRS's grid metres (see {@link SiteConfig}). Anything outside
 * is a typo or a corrupted record: instruments do not move kilometres.
 */
public record SiteGrid(
    double minNorthing, double maxNorthing, double minEasting, double maxEasting) {
  /** The simulator's site in Melbourne, MGA zone 55. */
  public static final SiteGrid MELBOURNE = new SiteGrid(5_810_000, 5_816_000, 316_000, 325_000);

  public SiteGrid {
    if (!(minNorthing < maxNorthing) || !(minEasting < maxEasting)) {
      throw new IllegalArgumentException(
          "site bounds need min < max, got easting "
              + minEasting
              + ".."
              + maxEasting
              + ", northing "
              + minNorthing
              + ".."
              + maxNorthing);
    }
  }

  public boolean contains(double northing, double easting) {
    return northing >= minNorthing
        && northing <= maxNorthing
        && easting >= minEasting
        && easting <= maxEasting;
  }

  /**
   * Parses {@code SITE_BOUNDS}: {@code minEasting,minNorthing,maxEasting,maxNorthing} in the CRS's
   * metres (the order of a GIS bounding box: x before y).
   */
  public static SiteGrid parse(String text) {
    String[] parts = text.split(",");
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "SITE_BOUNDS '"
              + text
              + "' must be minEasting,minNorthing,maxEasting,maxNorthing in grid metres"
              + " (e.g. 316000,5810000,325000,5816000)");
    }
    double[] v = new double[4];
    for (int i = 0; i < 4; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "SITE_BOUNDS '" + text + "': '" + parts[i].strip() + "' is not a number of metres", e);
      }
    }
    return new SiteGrid(v[1], v[3], v[0], v[2]);
  }

  /** As {@code SITE_BOUNDS} writes it. */
  public String toSetting() {
    return fmt(minEasting)
        + ","
        + fmt(minNorthing)
        + ","
        + fmt(maxEasting)
        + ","
        + fmt(maxNorthing);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
