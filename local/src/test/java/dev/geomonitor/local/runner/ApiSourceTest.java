package dev.geomonitor.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiSourceTest {

  @Test
  void urlsThatCannotBeAnApiRootAreRefusedWithWhatToGive() {
    for (String bad :
        List.of(
            "api.example.com",
            "ftp://api.example.com",
            "http://",
            "http://host/x?y=1",
            "ht tp://x")) {
      assertThatThrownBy(() -> ApiSource.parseUrl(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--api-url '" + bad + "'");
    }
    assertThat(ApiSource.parseUrl("https://api.example.com/stage").getPath()).isEqualTo("/stage");
  }

  @Test
  void endpointsMustBePathsBelowTheRoot() {
    assertThat(
            ApiSource.parseEndpoints(
                List.of("/params/all/", " /params/all/", "/params/settlement/x/")))
        .containsExactly("/params/all/", "/params/settlement/x/");
    assertThatThrownBy(() -> ApiSource.parseEndpoints(List.of("params/all/")))
        .hasMessageContaining("--endpoints")
        .hasMessageContaining("'params/all/'");
    assertThatThrownBy(() -> ApiSource.parseEndpoints(List.of(" ")))
        .hasMessageContaining("--endpoints is empty");
  }

  @Test
  void theProbeNamesTheVersionOfEachPathAndRefusesAPathThatIsNotThere() {
    try (FixedApiServer api = new FixedApiServer()) {
      assertThat(
              ApiSource.probe(
                  api.base(), List.of("/v1/params/water_standpipe/", "/v2/params/all/")))
          .isEqualTo("v1+v2 (/v1/params/water_standpipe/: 3 items, /v2/params/all/: 2 items)");
      assertThatThrownBy(() -> ApiSource.probe(api.base(), List.of("/params/all/")))
          .hasMessageContaining("GET " + api.base() + "/params/all/")
          .hasMessageContaining("HTTP 404")
          .hasMessageContaining("--endpoints");
    }
  }

  @Test
  void anApiThatDoesNotAnswerIsReportedBeforeAnythingStarts() {
    assertThatThrownBy(
            () ->
                ApiSource.probe(java.net.URI.create("http://127.0.0.1:1"), List.of("/params/all/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing answers at 127.0.0.1:1");
  }
}
