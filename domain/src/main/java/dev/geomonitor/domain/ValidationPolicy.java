package dev.geomonitor.domain;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The site configuration the validator applies, read once per process ({@link #fromSettings}) and passed down. Time
 * limits are measured against the producer's fetch time, never the processor's clock, so replaying the log gives the
 * same verdicts (a Kappa requirement). An old reading is late, not invalid: only readings from before the site epoch
 * (a typo, a logger whose clock was reset) are rejected.
 *
 * @param futureTolerance how far after fetch time a timestamp may lie (instrument clocks drift a little)
 * @param siteEpoch readings taken before it are rejected ({@link RejectCode#BEFORE_SITE_EPOCH}); any later reading,
 *     however old, is accepted
 * @param grid the site's bounds in the CRS's grid metres
 * @param crs the EPSG code of the grid the API's easting/northing are in, e.g. {@code EPSG:28355}
 */
public record ValidationPolicy(Duration futureTolerance, Instant siteEpoch, SiteGrid grid, String crs) {
  public static final String DEFAULT_CRS = "EPSG:28355";
  public static final Instant DEFAULT_EPOCH = Instant.parse("2000-01-01T00:00:00Z");
  public static final Duration DEFAULT_FUTURE_TOLERANCE = Duration.ofMinutes(5);

  /** The simulator's site: Melbourne, MGA zone 55 (GDA94), readings back to 2000. */
  public static final ValidationPolicy DEFAULT =
      new ValidationPolicy(DEFAULT_FUTURE_TOLERANCE, DEFAULT_EPOCH, SiteGrid.MELBOURNE, DEFAULT_CRS);

  public ValidationPolicy {
    if (futureTolerance == null || futureTolerance.isNegative()) {
      throw new IllegalArgumentException("FUTURE_TOLERANCE must be zero or positive, got " + futureTolerance);
    }
    if (siteEpoch == null || grid == null) {
      throw new IllegalArgumentException("SITE_EPOCH and SITE_BOUNDS must be given");
    }
    crs = normalizeCrs(crs);
  }

  /**
   * Reads SITE_CRS (EPSG:28355), SITE_BOUNDS (the simulator's site when the CRS is the default, otherwise required),
   * SITE_EPOCH (2000-01-01T00:00:00Z) and FUTURE_TOLERANCE (PT5M). The CRS is checked against the projection library,
   * so a code it cannot project fails here, at start, not per record.
   */
  public static ValidationPolicy fromSettings(Map<String, String> s) {
    String crs = normalizeCrs(value(s, "SITE_CRS", DEFAULT_CRS));
    String boundsText = value(s, "SITE_BOUNDS", null);
    SiteGrid grid;
    if (boundsText != null) {
      grid = SiteGrid.parse(boundsText);
    } else if (crs.equals(DEFAULT_CRS)) {
      grid = SiteGrid.MELBOURNE;
    } else {
      throw new IllegalArgumentException(
          "SITE_CRS is " + crs + " but SITE_BOUNDS is not set: give the site's bounds in that grid's metres as"
              + " minEasting,minNorthing,maxEasting,maxNorthing (the default bounds are the simulator's Melbourne site)");
    }
    Instant epoch;
    String epochText = value(s, "SITE_EPOCH", DEFAULT_EPOCH.toString());
    try {
      epoch = Instant.parse(epochText);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "SITE_EPOCH '" + epochText + "' is not an ISO-8601 instant (e.g. 2024-01-01T00:00:00Z)", e);
    }
    Duration tolerance;
    String toleranceText = value(s, "FUTURE_TOLERANCE", DEFAULT_FUTURE_TOLERANCE.toString());
    try {
      tolerance = Duration.parse(toleranceText);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "FUTURE_TOLERANCE '" + toleranceText + "' is not an ISO-8601 duration (e.g. PT5M)", e);
    }
    ValidationPolicy policy = new ValidationPolicy(tolerance, epoch, grid, crs);
    new MgaProjection(crs); // fails with a clear message when the projection library does not know the code
    return policy;
  }

  /** The settings that rebuild this policy (for passing it to other processes, e.g. Spark executors). */
  public Map<String, String> toSettings() {
    return Map.of(
        "SITE_CRS", crs, "SITE_BOUNDS", grid.toSetting(), "SITE_EPOCH", siteEpoch.toString(),
        "FUTURE_TOLERANCE", futureTolerance.toString());
  }

  private static String value(Map<String, String> s, String name, String fallback) {
    String v = s.get(name);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  /** {@code epsg:7856} and {@code 7856} both mean {@code EPSG:7856}. */
  static String normalizeCrs(String crs) {
    if (crs == null || crs.isBlank()) {
      return DEFAULT_CRS;
    }
    String c = crs.strip().toUpperCase(Locale.ROOT);
    if (c.chars().allMatch(Character::isDigit)) {
      return "EPSG:" + c;
    }
    if (!c.startsWith("EPSG:") || c.length() == 5 || !c.substring(5).chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "SITE_CRS '" + crs + "' is not an EPSG code: use e.g. EPSG:28356 (MGA zone 56, GDA94) or EPSG:7856"
              + " (MGA zone 56, GDA2020)");
    }
    return c;
  }
}
