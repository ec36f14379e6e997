package dev.geomonitor.domain;

import java.util.HashMap;
import java.util.Map;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;
import org.locationtech.proj4j.UnknownAuthorityCodeException;
import org.locationtech.proj4j.UnsupportedParameterException;

/**
 * Converts the site's grid coordinates to WGS84 latitude/longitude (EPSG:4326) for maps. The grid
 * is an EPSG code the projection library (proj4j with its EPSG registry) knows: MGA zones 49–56 on
 * GDA94 (EPSG:28349–28356) or GDA2020 (EPSG:7849–7856), or any other projected CRS. GDA94/GDA2020
 * and WGS84 differ by well under the metre-level accuracy a site map needs (about 1.8 m between
 * GDA94 and GDA2020), and no datum shift grid is applied.
 *
 * <p>Not thread-safe (proj4j transforms keep scratch state): use one instance per thread or per
 * Spark partition.
 */
public final class MgaProjection {
  private static final CRSFactory CRS = new CRSFactory();

  /**
   * Each thread's projections by EPSG code. Making one reads proj4j's EPSG registry (tens of
   * milliseconds, measured at several per cent of the job's executor time when each Spark task made
   * its own); executor threads are pooled and run many tasks, so each makes one.
   */
  private static final ThreadLocal<Map<String, MgaProjection>> PER_THREAD =
      ThreadLocal.withInitial(HashMap::new);

  private final CoordinateTransform transform;
  private final ProjCoordinate in = new ProjCoordinate();
  private final ProjCoordinate out = new ProjCoordinate();

  /** MGA zone 55 (GDA94), the simulator's site. */
  public MgaProjection() {
    this(ValidationPolicy.DEFAULT_CRS);
  }

  /**
   * @param epsg e.g. {@code EPSG:28356}
   */
  public MgaProjection(String epsg) {
    CoordinateReferenceSystem grid;
    try {
      grid = CRS.createFromName(epsg);
    } catch (UnknownAuthorityCodeException
        | UnsupportedParameterException
        | IllegalStateException e) {
      throw new IllegalArgumentException(
          "SITE_CRS "
              + epsg
              + " is not a coordinate reference system the projection library knows: "
              + e.getMessage(),
          e);
    }
    if (grid.getProjection() == null || "longlat".equals(grid.getProjection().getName())) {
      throw new IllegalArgumentException(
          "SITE_CRS "
              + epsg
              + " is a geographic CRS; the API serves projected easting/northing in metres, so name"
              + " the projected grid (e.g. EPSG:28356)");
    }
    CoordinateReferenceSystem wgs84 = CRS.createFromName("EPSG:4326");
    this.transform = new CoordinateTransformFactory().createTransform(grid, wgs84);
  }

  /**
   * This thread's projection for {@code epsg}, made at its first use on the thread.
   *
   * @throws IllegalArgumentException as the constructor, for a code the library cannot project
   */
  public static MgaProjection forThread(String epsg) {
    return PER_THREAD.get().computeIfAbsent(epsg, MgaProjection::new);
  }

  public LatLon toLatLon(double easting, double northing) {
    in.x = easting;
    in.y = northing;
    transform.transform(in, out);
    return new LatLon(out.y, out.x);
  }
}
