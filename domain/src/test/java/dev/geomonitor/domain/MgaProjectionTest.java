package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Reference points: the GDA Technical Manual's worked examples (Flinders Peak and Buninyong, zone 55). 1 m on the
 * ground is about 9e-6 degrees of latitude and 1.1e-5 degrees of longitude at 38 degrees south.
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

    assertThat(p.lat()).isCloseTo(dms(-37, 57, 3.7203), org.assertj.core.data.Offset.offset(ONE_METRE_LAT));
    assertThat(p.lon()).isCloseTo(dms(144, 25, 29.5244), org.assertj.core.data.Offset.offset(ONE_METRE_LON));
  }

  @Test
  void buninyongConvertsWithinOneMetre() {
    LatLon p = projection.toLatLon(228_854.052, 5_828_259.038);

    assertThat(p.lat()).isCloseTo(dms(-37, 39, 10.1561), org.assertj.core.data.Offset.offset(ONE_METRE_LAT));
    assertThat(p.lon()).isCloseTo(dms(143, 55, 35.3839), org.assertj.core.data.Offset.offset(ONE_METRE_LON));
  }

  @Test
  void siteGridLiesInMelbourne() {
    LatLon centre = projection.toLatLon(320_500, 5_813_000);

    assertThat(centre.lat()).isBetween(-37.9, -37.7);
    assertThat(centre.lon()).isBetween(144.9, 145.05);
  }
}
