package dev.geomonitor.domain;

/**
 * The bounds of the site grid in MGA zone 55 metres. Anything outside is a typo or a corrupted record: the site is in
 * Melbourne and instruments do not move kilometres.
 */
public record SiteGrid(double minNorthing, double maxNorthing, double minEasting, double maxEasting) {
  public static final SiteGrid MELBOURNE = new SiteGrid(5_810_000, 5_816_000, 316_000, 325_000);

  public boolean contains(double northing, double easting) {
    return northing >= minNorthing && northing <= maxNorthing && easting >= minEasting && easting <= maxEasting;
  }
}
