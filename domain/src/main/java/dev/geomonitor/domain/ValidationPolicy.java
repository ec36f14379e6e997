package dev.geomonitor.domain;

import dev.geomonitor.platform.settings.Setting;
import dev.geomonitor.platform.settings.SettingTypes;
import dev.geomonitor.platform.settings.SettingValues;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The site configuration the validator applies, read once per process ({@link #fromSettings}) and
 * passed down. Time limits are measured against the producer's fetch time, never the processor's
 * clock, so replaying the log gives the same verdicts (a Kappa requirement). An old reading is
 * late, not invalid: only readings from before the site epoch (a typo, a logger whose clock was
 * reset) are rejected.
 *
 * @param futureTolerance how far after fetch time a timestamp may lie (instrument clocks drift a
 *     little)
 * @param siteEpoch readings taken before it are rejected ({@link RejectCode#BEFORE_SITE_EPOCH});
 *     any later reading, however old, is accepted
 * @param grid the site's bounds in the CRS's grid metres
 * @param crs the EPSG code of the grid the API's easting/northing are in, e.g. {@code EPSG:28355}
 */
public record ValidationPolicy(
    Duration futureTolerance, Instant siteEpoch, SiteGrid grid, String crs) {
  public static final String DEFAULT_CRS = "EPSG:28355";
  public static final Instant DEFAULT_EPOCH = Instant.parse("2000-01-01T00:00:00Z");
  public static final Duration DEFAULT_FUTURE_TOLERANCE = Duration.ofMinutes(5);

  /** The simulator's site: Melbourne, MGA zone 55 (GDA94), readings back to 2000. */
  public static final ValidationPolicy DEFAULT =
      new ValidationPolicy(
          DEFAULT_FUTURE_TOLERANCE, DEFAULT_EPOCH, SiteGrid.MELBOURNE, DEFAULT_CRS);

  public ValidationPolicy {
    if (futureTolerance == null || futureTolerance.isNegative()) {
      throw new IllegalArgumentException(
          "FUTURE_TOLERANCE must be zero or positive, got " + futureTolerance);
    }
    if (siteEpoch == null || grid == null) {
      throw new IllegalArgumentException("SITE_EPOCH and SITE_BOUNDS must be given");
    }
    crs = normalizeCrs(crs);
  }

  public static final Setting<String> SITE_CRS =
      Setting.of(
          "SITE_CRS",
          SettingTypes.TEXT,
          DEFAULT_CRS,
          "EPSG code of the grid the API's easting/northing are in (e.g. `EPSG:7856`, MGA zone 56 on GDA2020); a code"
              + " the projection library does not know stops the process at start");
  public static final Setting<String> SITE_BOUNDS =
      Setting.optional(
          "SITE_BOUNDS",
          SettingTypes.TEXT,
          "site bounds `minEasting,minNorthing,maxEasting,maxNorthing` in the grid's metres; unset: the simulator's"
              + " site (only with the default `SITE_CRS`)");
  public static final Setting<Instant> SITE_EPOCH =
      Setting.of(
          "SITE_EPOCH",
          SettingTypes.INSTANT,
          DEFAULT_EPOCH.toString(),
          "readings stamped before it are rejected (`BEFORE_SITE_EPOCH`); any later reading, however old, is accepted");
  public static final Setting<Duration> FUTURE_TOLERANCE =
      Setting.of(
          "FUTURE_TOLERANCE",
          SettingTypes.DURATION,
          DEFAULT_FUTURE_TOLERANCE.toString(),
          "how far after its fetch time a reading may be stamped (`FUTURE_TIMESTAMP` beyond)");

  /** The site settings, in the order of the configuration tables. */
  public static final List<Setting<?>> SETTINGS =
      List.of(SITE_CRS, SITE_BOUNDS, SITE_EPOCH, FUTURE_TOLERANCE);

  /** Reads the site settings by name (absent ones take their defaults). */
  public static ValidationPolicy fromSettings(Map<String, String> s) {
    return from(SettingValues.of(s));
  }

  /**
   * Reads SITE_CRS, SITE_BOUNDS (the simulator's site when the CRS is the default, otherwise
   * required), SITE_EPOCH and FUTURE_TOLERANCE. The CRS is checked against the projection library,
   * so a code it cannot project fails here, at start, not per record.
   */
  public static ValidationPolicy from(SettingValues s) {
    String crs = normalizeCrs(s.get(SITE_CRS));
    String boundsText = s.optional(SITE_BOUNDS).filter(b -> !b.isBlank()).orElse(null);
    SiteGrid grid;
    if (boundsText != null) {
      grid = SiteGrid.parse(boundsText);
    } else if (crs.equals(DEFAULT_CRS)) {
      grid = SiteGrid.MELBOURNE;
    } else {
      throw new IllegalArgumentException(
          "SITE_CRS is "
              + crs
              + " but SITE_BOUNDS is not set: give the site's bounds in that grid's metres as"
              + " minEasting,minNorthing,maxEasting,maxNorthing (the default bounds are the simulator's Melbourne site)");
    }
    ValidationPolicy policy =
        new ValidationPolicy(s.get(FUTURE_TOLERANCE), s.get(SITE_EPOCH), grid, crs);
    // Fails with a clear message when the projection library does not know the code.
    MgaProjection.forThread(crs);
    return policy;
  }

  /**
   * The settings that rebuild this policy (for passing it to other processes, e.g. Spark
   * executors).
   */
  public Map<String, String> toSettings() {
    return Map.of(
        "SITE_CRS",
        crs,
        "SITE_BOUNDS",
        grid.toSetting(),
        "SITE_EPOCH",
        siteEpoch.toString(),
        "FUTURE_TOLERANCE",
        futureTolerance.toString());
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
    if (!c.startsWith("EPSG:")
        || c.length() == 5
        || !c.substring(5).chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "SITE_CRS '"
              + crs
              + "' is not an EPSG code: use e.g. EPSG:28356 (MGA zone 56, GDA94) or EPSG:7856"
              + " (MGA zone 56, GDA2020)");
    }
    return c;
  }
}
