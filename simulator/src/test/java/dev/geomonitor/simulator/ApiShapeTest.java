package dev.geomonitor.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.ApiResponse;
import dev.geomonitor.domain.ApiVersion;
import dev.geomonitor.domain.DecodeResult;
import dev.geomonitor.domain.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ApiShapeTest {
  private static final Instant START = Instant.parse("2026-11-24T20:00:00Z");
  private static final Instant NOW = START.plusSeconds(95);

  private static SourceApi api(String version) {
    return new SourceApi(
        SimulatorConfig.defaults()
            .withSeed(7)
            .withInstrumentsPerType(12)
            .withApiVersion(version)
            .withScenarioStart(START)
            .withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  private static JsonNode json(ApiReply reply) throws Exception {
    return Json.MAPPER.readTree(reply.body());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void v1StandpipeResponseHasTheDesignEnvelopeAndItemFieldsInOrder() throws Exception {
    // Given a v1 simulator
    // When polling the standpipe endpoint
    ApiReply reply = api("v1").handle("GET", "/params/water_standpipe/", "");

    // Then envelope and items match DESIGN.md field for field
    JsonNode root = json(reply);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers()).containsEntry("Content-Type", "application/json");
    assertThat(fieldNames(root))
        .containsExactly("request_type", "length", "RL_units", "timezone", "items");
    assertThat(root.get("request_type").asText()).isEqualTo("water_standpipe");
    assertThat(root.get("RL_units").asText()).isEqualTo("AHD (m)");
    assertThat(root.get("timezone").asText()).isEqualTo("UTC");
    assertThat(root.get("length").asInt()).isEqualTo(12).isEqualTo(root.get("items").size());
    JsonNode item = root.get("items").get(0);
    assertThat(fieldNames(item))
        .containsExactly(
            "borehole_number",
            "instrument",
            "surface_level",
            "northing",
            "easting",
            "water_level",
            "timestamp");
    assertThat(item.get("borehole_number").asText()).matches("BH-\\d{4}");
    assertThat(item.get("instrument").asText()).isEqualTo("water_standpipe");
    assertThat(item.get("northing").isIntegralNumber()).isTrue();
    assertThat(item.get("water_level").isNumber()).isTrue();
    assertThat(item.get("timestamp").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }

  @Test
  void v1PorePressureAndSettlementItemsCarryTheirOwnValueFields() throws Exception {
    // Given a v1 simulator
    SourceApi api = api("v1");

    // When polling pore pressure and one settlement axis
    JsonNode pore = json(api.handle("GET", "/params/pore_pressure/", ""));
    JsonNode settlement = json(api.handle("GET", "/params/settlement/y/", ""));

    // Then piezometers carry pwp and settlement markers carry axis and displacement
    assertThat(pore.get("request_type").asText()).isEqualTo("pore_pressure");
    assertThat(fieldNames(pore.get("items").get(0)))
        .containsExactly(
            "borehole_number", "instrument", "northing", "easting", "pwp", "timestamp");
    assertThat(pore.get("items").get(0).get("instrument").asText()).isEqualTo("piezometer");
    JsonNode marker = settlement.get("items").get(0);
    assertThat(fieldNames(marker))
        .containsExactly(
            "borehole_number",
            "instrument",
            "axis",
            "northing",
            "easting",
            "displacement",
            "timestamp");
    assertThat(marker.get("instrument").asText()).isEqualTo("settlement_marker");
    assertThat(marker.get("borehole_number").asText()).matches("SM-Y-\\d{4}");
    settlement.get("items").forEach(i -> assertThat(i.get("axis").asText()).isEqualTo("y"));
  }

  @Test
  void v2ResponsesUseTheV2EnvelopeAndReadingField() throws Exception {
    // Given a v2 simulator
    SourceApi api = api("v2");

    // When polling a hydraulic and a displacement endpoint
    JsonNode water = json(api.handle("GET", "/params/water_standpipe/", ""));
    JsonNode strain = json(api.handle("GET", "/params/strain_gauge/", ""));

    // Then the envelope is {instruments, units, timezone, items} and the value is always "reading"
    assertThat(fieldNames(water)).containsExactly("instruments", "units", "timezone", "items");
    assertThat(water.get("units").asText()).isEqualTo("water level (m)");
    assertThat(water.get("instruments").asInt()).isEqualTo(12);
    assertThat(fieldNames(water.get("items").get(0)))
        .containsExactly(
            "borehole_number",
            "instrument",
            "surface_level",
            "northing",
            "easting",
            "reading",
            "timestamp");
    assertThat(strain.get("units").asText()).isEqualTo("displacement (mm)");
    assertThat(strain.get("items").get(0).get("instrument").asText()).isEqualTo("strain_gauge");
    assertThat(strain.get("items").get(0).has("reading")).isTrue();
    assertThat(json(api.handle("GET", "/params/pore_pressure/", "")).get("units").asText())
        .isEqualTo("pressure (kPa)");
  }

  @Test
  void v1AnswersTheV2OnlyPathsWith404() {
    // Given a v1 simulator
    SourceApi api = api("v1");

    // When asking for the v2-only paths, and an unknown one
    // Then each is 404
    assertThat(api.handle("GET", "/params/extensometer/", "").status()).isEqualTo(404);
    assertThat(api.handle("GET", "/params/strain_gauge/", "").status()).isEqualTo(404);
    assertThat(api.handle("GET", "/params/nothing/", "").status()).isEqualTo(404);
    assertThat(api("v2").handle("GET", "/params/extensometer", "").status()).isEqualTo(200);
  }

  @Test
  void v1AllServesEveryV1ItemAndV2AllEveryKind() {
    // Given both versions
    // When polling /params/all/
    ApiResponse v1 = Served.parse(api("v1").handle("GET", "/params/all/", ""));
    ApiResponse v2 = Served.parse(api("v2").handle("GET", "/params/all/", ""));

    // Then v1 has standpipes, piezometers and settlement markers; v2 adds extensometers and strain
    // gauges
    assertThat(v1.requestType()).isEqualTo("all");
    assertThat(v1.items()).hasSize(36);
    assertThat(v1.items().stream().map(i -> i.node().get("instrument").asText()).distinct())
        .containsExactlyInAnyOrder("water_standpipe", "piezometer", "settlement_marker");
    assertThat(v2.items()).hasSize(60);
    assertThat(v2.items().stream().map(i -> i.node().get("instrument").asText()).distinct())
        .hasSize(5);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void bothVersionsParseAndEveryCleanItemIsAccepted(Endpoint endpoint) {
    for (String version : List.of("v1", "v2")) {
      // Given a simulator without faults
      SourceApi api = api(version);
      if (!endpoint.servedIn(api.config().flavour())) {
        continue;
      }

      // When the pipeline's parser and validator read what it serves
      ApiReply reply = api.handle("GET", endpoint.path(), "");
      ApiResponse parsed = Served.parse(reply);
      List<DecodeResult> results = Served.decode(reply, endpoint.path(), NOW.plusMillis(150));

      // Then the version is recognised and every item is a valid reading
      assertThat(parsed.version()).isEqualTo(version.equals("v1") ? ApiVersion.V1 : ApiVersion.V2);
      assertThat(results).isNotEmpty();
      assertThat(results)
          .allSatisfy(
              r -> assertThat(r.rejections()).as(version + " " + endpoint.path()).isEmpty());
    }
  }

  @Test
  void naturalKeysAreUniqueAcrossAllEndpoints() {
    // Given a v2 simulator with every kind
    ApiResponse all = Served.parse(api("v2").handle("GET", "/params/all/", ""));

    // When collecting (instrument, borehole_number)
    Set<String> keys = new HashSet<>();
    all.items()
        .forEach(
            i ->
                keys.add(
                    i.node().get("instrument").asText()
                        + ":"
                        + i.node().get("borehole_number").asText()));

    // Then no two items share a key
    assertThat(keys).hasSize(all.items().size());
  }

  @Test
  void healthAndStatsAnswerAsJson() throws Exception {
    // Given a simulator that served one poll
    SourceApi api = api("v1");
    api.handle("GET", "/params/settlement/z/", "");

    // When asking for health and stats
    JsonNode health = json(api.handle("GET", "/health", ""));
    JsonNode stats = json(api.handle("GET", "/_simulator/stats", ""));

    // Then both report
    assertThat(health.get("status").asText()).isEqualTo("UP");
    assertThat(stats.get("items_served").asLong()).isEqualTo(4);
    assertThat(stats.get("items_by_endpoint").get("/params/settlement/z/").asLong()).isEqualTo(4);
    assertThat(stats.get("items_by_instrument").get("settlement_marker").asLong()).isEqualTo(4);
  }
}
