package dev.geomonitor.local.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenSearchLiveReadingsTest {

  @Test
  void aMissingAliasReadsAsNothingIndexedYet() {
    // When
    JsonNode answer =
        OpenSearchLiveReadings.answerOf(
            "readings",
            404,
            "{\"error\":{\"type\":\"index_not_found_exception\",\"reason\":\"no such index [readings]\"},\"status\":404}");

    // Then
    assertThat(answer.path("hits").path("hits")).isEmpty();
  }

  @Test
  void anyOtherErrorNamesTheAliasAndTheAnswer() {
    assertThatThrownBy(
            () ->
                OpenSearchLiveReadings.answerOf("alerts", 429, "{\"error\":\"too many requests\"}"))
        .isInstanceOf(PageDataException.class)
        .hasMessageContaining("429")
        .hasMessageContaining("alerts")
        .hasMessageContaining("too many requests");
    assertThatThrownBy(
            () -> OpenSearchLiveReadings.answerOf("readings", 502, "<html>Bad Gateway</html>"))
        .isInstanceOf(PageDataException.class)
        .hasMessageContaining("non-JSON");
  }

  @Test
  void latestPerInstrumentQueryPagesThroughInstrumentsByTypeAndBorehole() {
    // Given the after_key of a previous page
    ObjectNode after =
        Json.MAPPER
            .createObjectNode()
            .put("instrument", "piezometer")
            .put("borehole_number", "PZ-9");

    // When
    ObjectNode query = OpenSearchLiveReadings.latestPerInstrumentQuery(after);

    // Then
    JsonNode composite = query.at("/aggs/instruments/composite");
    assertThat(query.get("size").asInt()).isZero();
    assertThat(composite.get("size").asInt()).isEqualTo(OpenSearchLiveReadings.INSTRUMENTS_PAGE);
    assertThat(composite.get("sources").findValuesAsText("field"))
        .containsExactly("instrument", "borehole_number");
    assertThat(composite.get("after")).isEqualTo(after);
    assertThat(query.at("/aggs/instruments/aggs/latest/top_hits/size").asInt()).isEqualTo(1);
    assertThat(query.at("/aggs/instruments/aggs/latest/top_hits/sort/0/ts/order").asText())
        .isEqualTo("desc");
  }

  @Test
  void anUnreachableNodeIsReportedWithItsAddress() throws IOException {
    // Given a port nothing listens on
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    OpenSearchLiveReadings readings =
        new OpenSearchLiveReadings(
            URI.create("http://127.0.0.1:" + port), "readings", "alerts", Duration.ofSeconds(2));

    // Then
    assertThatThrownBy(() -> readings.latestAlerts(5))
        .isInstanceOf(PageDataException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageContaining("is it running?");
  }
}
