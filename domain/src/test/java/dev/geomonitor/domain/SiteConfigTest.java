package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The site configuration read from SITE_CRS, SITE_BOUNDS, SITE_EPOCH and FUTURE_TOLERANCE. */
class SiteConfigTest {
  @Test
  void defaultsAreTheSimulatorsSiteWithReadingsBackTo2000() {
    ValidationPolicy p = ValidationPolicy.fromSettings(Map.of());

    assertThat(p).isEqualTo(ValidationPolicy.DEFAULT);
    assertThat(p.crs()).isEqualTo("EPSG:28355");
    assertThat(p.siteEpoch()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    assertThat(p.futureTolerance()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void everySettingIsRead() {
    ValidationPolicy p =
        ValidationPolicy.fromSettings(
            Map.of(
                "SITE_CRS", "epsg:7856",
                "SITE_BOUNDS", "330000,6250000,340000,6260000",
                "SITE_EPOCH", "2024-01-01T00:00:00Z",
                "FUTURE_TOLERANCE", "PT2M"));

    assertThat(p.crs()).isEqualTo("EPSG:7856");
    assertThat(p.grid()).isEqualTo(new SiteGrid(6_250_000, 6_260_000, 330_000, 340_000));
    assertThat(p.siteEpoch()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(p.futureTolerance()).isEqualTo(Duration.ofMinutes(2));
    assertThat(ValidationPolicy.fromSettings(p.toSettings())).isEqualTo(p);
  }

  @Test
  void anotherCrsNeedsItsOwnBounds() {
    assertThatThrownBy(() -> ValidationPolicy.fromSettings(Map.of("SITE_CRS", "EPSG:28356")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SITE_BOUNDS");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> ValidationPolicy.fromSettings(Map.of("SITE_CRS", "MGA56")))
        .hasMessageContaining("SITE_CRS 'MGA56'");
    assertThatThrownBy(() -> ValidationPolicy.fromSettings(Map.of("SITE_BOUNDS", "1,2,3")))
        .hasMessageContaining("SITE_BOUNDS '1,2,3'");
    assertThatThrownBy(() -> ValidationPolicy.fromSettings(Map.of("SITE_EPOCH", "2024")))
        .hasMessageContaining("SITE_EPOCH='2024'");
    assertThatThrownBy(() -> ValidationPolicy.fromSettings(Map.of("FUTURE_TOLERANCE", "5m")))
        .hasMessageContaining("FUTURE_TOLERANCE='5m'");
    assertThatThrownBy(
            () ->
                ValidationPolicy.fromSettings(
                    Map.of("SITE_CRS", "EPSG:4326", "SITE_BOUNDS", "0,0,1,1")))
        .hasMessageContaining("geographic");
  }

  @Test
  void boundsInAnotherZoneAcceptItsReadings() {
    ValidationPolicy sydney =
        ValidationPolicy.fromSettings(
            Map.of("SITE_CRS", "EPSG:28356", "SITE_BOUNDS", "330000,6250000,340000,6260000"));
    String raw =
        "{\"api_version\":\"v1\",\"fetched_at\":\"2022-04-15T22:01:40Z\",\"item\":{\"borehole_number\":\"BH-1\","
            + "\"instrument\":\"water_standpipe\",\"northing\":6255000,\"easting\":334000,\"water_level\":10.0,"
            + "\"timestamp\":\"2022-04-15T22:01:29Z\"}}";

    assertThat(new ReadingDecoder(sydney).decode(raw).isAccepted()).isTrue();
    assertThat(new ReadingDecoder().decode(raw).rejections())
        .extracting(Rejection::code)
        .containsExactly(RejectCode.COORDINATES_OUT_OF_GRID);
  }
}
