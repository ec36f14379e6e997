package dev.geomonitor.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Site configuration knobs become the SITE_* / FUTURE_TOLERANCE variables of producer and job. */
class SiteSettingsTest {

  @Test
  void setKnobsBecomeTheAgreedVariables() {
    InfraConfig config =
        InfraConfigReader.read(
            Map.of(
                "site.crs", "EPSG:28355",
                "site.bounds", "320000,5810000,330000,5820000",
                "site.epoch", "2024-01-01T00:00:00Z",
                "site.futureTolerance", "PT2M"),
            null);

    assertThat(PipelineFunctions.siteSettings(config))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "SITE_CRS", "EPSG:28355",
                "SITE_BOUNDS", "320000,5810000,330000,5820000",
                "SITE_EPOCH", "2024-01-01T00:00:00Z",
                "FUTURE_TOLERANCE", "PT2M"));
  }

  @Test
  void emptyKnobsAreLeftToTheModulesDefaults() {
    assertThat(PipelineFunctions.siteSettings(InfraConfigReader.read(Map.of(), null))).isEmpty();
  }

  @Test
  void boundsWithMinAboveMaxAreRefused() {
    assertThatThrownBy(() -> InfraConfigReader.read(Map.of("site.bounds", "5,0,1,10"), null))
        .hasMessageContaining("'site.bounds'")
        .hasMessageContaining("min < max");
  }

  @Test
  void crsMustBeAnEpsgCode() {
    assertThatThrownBy(() -> InfraConfigReader.read(Map.of("site.crs", "28355"), null))
        .hasMessageContaining("'site.crs'")
        .hasMessageContaining("EPSG:28355");
  }
}
