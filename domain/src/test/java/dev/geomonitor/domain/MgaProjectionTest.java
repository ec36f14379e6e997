package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Reference points: the GDA Technical Manual's worked examples (Flinders Peak and Buninyong, zone
 * 55). 1 m on the ground is about 9e-6 degrees of latitude and 1.1e-5 degrees of longitude at 38
 * degrees south.
 */
class MgaProjectionTest {
  static final double ONE_METRE_LAT = 9.0e-6;
  static final double ONE_METRE_LON = 1.14e-5;
  final MgaProjection projection = new MgaProjection();

  static double dms(int d, int m, double s) {
    return Math.signum(d) * (Math.abs(d) + m / 60.0 + s / 3600.0);
  }

  @Test
  void flindersPeakConvertsWithinOneMetre() {
    LatLon p = projection.toLatLon(273_741.297, 5_796_489.777);

    assertThat(p.lat())
        .isCloseTo(dms(-37, 57, 3.7203), org.assertj.core.data.Offset.offset(ONE_METRE_LAT));
    assertThat(p.lon())
        .isCloseTo(dms(144, 25, 29.5244), org.assertj.core.data.Offset.offset(ONE_METRE_LON));
  }

  @Test
  void buninyongConvertsWithinOneMetre() {
    LatLon p = projection.toLatLon(228_854.052, 5_828_259.038);

    assertThat(p.lat())
        .isCloseTo(dms(-37, 39, 10.1561), org.assertj.core.data.Offset.offset(ONE_METRE_LAT));
    assertThat(p.lon())
        .isCloseTo(dms(143, 55, 35.3839), org.assertj.core.data.Offset.offset(ONE_METRE_LON));
  }

  @Test
  void siteGridLiesInMelbourne() {
    LatLon centre = projection.toLatLon(320_500, 5_813_000);

    assertThat(centre.lat()).isBetween(-37.9, -37.7);
    assertThat(centre.lon()).isBetween(144.9, 145.05);
  }

  /**
   * Zone 56: MGA zones are one Transverse Mercator projection with central meridians 6 degrees
   * apart, so the published Flinders Peak grid coordinates read in zone 56 are the same point
   * shifted 6 degrees east (150°25'29.5244"E).
   */
  @Test
  void zone56ReadingLandsAtItsLatLonWithinOneMetre() {
    for (String crs : java.util.List.of("EPSG:28356", "EPSG:7856")) {
      LatLon p = new MgaProjection(crs).toLatLon(273_741.297, 5_796_489.777);

      assertThat(p.lat())
          .as(crs)
          .isCloseTo(dms(-37, 57, 3.7203), org.assertj.core.data.Offset.offset(ONE_METRE_LAT));
      assertThat(p.lon())
          .as(crs)
          .isCloseTo(dms(150, 25, 29.5244), org.assertj.core.data.Offset.offset(ONE_METRE_LON));
    }
  }

  /**
   * A surveyed mark published with both its GDA94 lat/lon and its MGA zone 55 coordinates (730/121,
   * Great Bay).
   */
  @Test
  void publishedSurveyMarkConvertsWithinOneMetre() {
    LatLon p = new MgaProjection("EPSG:28355").toLatLon(530_983.020, 5_219_175.300);

    assertThat(p.lat())
        .isCloseTo(-43.179553001, org.assertj.core.data.Offset.offset(ONE_METRE_LAT));
    assertThat(p.lon()).isCloseTo(147.381232578, org.assertj.core.data.Offset.offset(1.25e-5));
  }

  @Test
  void everyMgaZoneOfBothDatumsIsKnown() {
    for (int zone = 49; zone <= 56; zone++) {
      for (String crs : java.util.List.of("EPSG:283" + zone, "EPSG:78" + zone)) {
        LatLon p = new MgaProjection(crs).toLatLon(500_000, 6_000_000);
        double centralMeridian = zone * 6 - 183;
        assertThat(p.lon())
            .as(crs)
            .isCloseTo(centralMeridian, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(p.lat()).as(crs).isBetween(-37.0, -35.0);
      }
    }
  }

  @Test
  void unknownCodeIsRefusedWithItsName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MgaProjection("EPSG:99999999"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EPSG:99999999");
  }
}
