package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ApiResponseParserTest {

  static String resource(String name) throws IOException {
    try (InputStream in = ApiResponseParserTest.class.getResourceAsStream("/api/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void v1EnvelopeIsRecognisedWithItsUnitsAndCount() throws Exception {
    ApiResponse r = ApiResponseParser.parse(resource("v1-water_standpipe.json"));

    assertThat(r.version()).isEqualTo(ApiVersion.V1);
    assertThat(r.requestType()).isEqualTo("water_standpipe");
    assertThat(r.units()).isEqualTo("AHD (m)");
    assertThat(r.timezone()).isEqualTo("UTC");
    assertThat(r.declaredCount()).isEqualTo(2);
    assertThat(r.items()).hasSize(2);
    assertThat(r.items().get(0).node().get("water_level").doubleValue()).isEqualTo(86.25);
    assertThat(r.items().get(1).json())
        .startsWith("{\"borehole_number\":\"BH-9038\"")
        .endsWith("}");
  }

  @Test
  void v2EnvelopeIsRecognisedWithItsUnitsAndCount() throws Exception {
    ApiResponse r = ApiResponseParser.parse(resource("v2-water_standpipe.json"));

    assertThat(r.version()).isEqualTo(ApiVersion.V2);
    assertThat(r.units()).isEqualTo("water level (m)");
    assertThat(r.declaredCount()).isEqualTo(2);
    assertThat(r.items()).hasSize(2);
  }

  @Test
  void truncatedBodyIsMalformedJson() {
    assertThatThrownBy(
            () -> ApiResponseParser.parse("{\"request_type\":\"all\",\"items\":[{\"borehole"))
        .isInstanceOf(MalformedResponseException.class)
        .satisfies(
            e ->
                assertThat(((MalformedResponseException) e).code())
                    .isEqualTo(RejectCode.MALFORMED_JSON));
  }

  @Test
  void arrayBodyIsNotAnObject() {
    assertThatThrownBy(() -> ApiResponseParser.parse("[1,2]"))
        .satisfies(
            e ->
                assertThat(((MalformedResponseException) e).code())
                    .isEqualTo(RejectCode.NOT_AN_OBJECT));
  }

  @Test
  void bodyWithoutItemsIsAMalformedResponse() {
    assertThatThrownBy(() -> ApiResponseParser.parse("{\"request_type\":\"all\",\"length\":0}"))
        .satisfies(
            e ->
                assertThat(((MalformedResponseException) e).code())
                    .isEqualTo(RejectCode.MALFORMED_RESPONSE));
  }

  @Test
  void envelopeOfNeitherVersionIsUnsupported() {
    assertThatThrownBy(() -> ApiResponseParser.parse("{\"data\":1,\"items\":[]}"))
        .satisfies(
            e ->
                assertThat(((MalformedResponseException) e).code())
                    .isEqualTo(RejectCode.UNSUPPORTED_API_VERSION))
        .hasMessageContaining("[data, items]");
  }

  @Test
  void htmlErrorPageIsMalformedJson() {
    assertThatThrownBy(() -> ApiResponseParser.parse("<html>502 Bad Gateway</html>"))
        .satisfies(
            e ->
                assertThat(((MalformedResponseException) e).code())
                    .isEqualTo(RejectCode.MALFORMED_JSON));
  }

  @Test
  void everyItemKeepsItsWholeTextWhateverItsJsonType() throws Exception {
    // Items that are not objects are the job's to reject, with their content: the producer must
    // pass them on whole
    String body =
        "{\"request_type\":\"all\",\"length\":6,\"items\":[\"HX19Q\", 42, -1.5e3, true, null,"
            + " [\"HX20Q\"], {\"a\":\"b\"}]}";

    ApiResponse response = ApiResponseParser.parse(body);

    assertThat(response.items())
        .extracting(ApiItem::json)
        .containsExactly(
            "\"HX19Q\"", "42", "-1.5e3", "true", "null", "[\"HX20Q\"]", "{\"a\":\"b\"}");
  }
}
