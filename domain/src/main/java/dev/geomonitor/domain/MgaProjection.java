package dev.geomonitor.domain;

import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Converts MGA zone 55 grid coordinates (EPSG:28355, GDA94) to WGS84 latitude/longitude (EPSG:4326) for maps. GDA94 and
 * WGS84 differ by well under the metre-level accuracy a site map needs, so no datum shift is applied.
 *
 * <p>Not thread-safe (proj4j transforms keep scratch state): use one instance per thread or per Spark partition.
 */
public final class MgaProjection {
  private static final CRSFactory CRS = new CRSFactory();
  private final CoordinateTransform transform;
  private final ProjCoordinate in = new ProjCoordinate();
  private final ProjCoordinate out = new ProjCoordinate();

  public MgaProjection() {
    CoordinateReferenceSystem mga55 = CRS.createFromName("EPSG:28355");
    CoordinateReferenceSystem wgs84 = CRS.createFromName("EPSG:4326");
    this.transform = new CoordinateTransformFactory().createTransform(mga55, wgs84);
  }

  public LatLon toLatLon(double easting, double northing) {
    in.x = easting;
    in.y = northing;
    transform.transform(in, out);
    return new LatLon(out.y, out.x);
  }
}
