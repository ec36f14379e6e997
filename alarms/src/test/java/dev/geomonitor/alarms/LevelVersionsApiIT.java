package dev.geomonitor.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.batchstore.TriggerLevelVersions;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.embedded.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({TestServices.class, SiteDatabase.class})
class LevelVersionsApiIT {

  private static AlarmApi api(SiteDatabase.Site site) {
    return new AlarmApi(new AlarmStore(site.dataSource(), RateLimit.DEFAULT), Clock.systemUTC())
        .withLevels(new TriggerLevelVersions(site.dataSource()), TriggerLevelCatalog::defaults);
  }

  @Test
  void anEngineerAddsAVersionAndReadsTheHistoryWithWhoWhenAndWhy(SiteDatabase.Site site)
      throws Exception {
    // Given
    AlarmApi api = api(site);

    // When
    AlarmApi.Answer before = api.handle("GET", "/api/levels", Map.of(), null);
    AlarmApi.Answer added =
        api.handle(
            "POST",
            "/api/levels",
            Map.of(),
            body(
                "{\"instrument\":\"water_standpipe\",\"borehole_number\":\"BH-9037\","
                    + "\"direction\":\"fall\",\"baseline\":84.2,\"alert\":1,\"alarm\":2,"
                    + "\"action\":3,\"by\":\"j.smith\",\"reason\":\"baseline reset after repair\"}"));
    AlarmApi.Answer later =
        api.handle(
            "POST",
            "/api/levels",
            Map.of(),
            body(
                "{\"instrument\":\"piezometer\",\"alert\":10,\"alarm\":20,\"action\":30,"
                    + "\"persistence\":3,\"hysteresis\":2.5,"
                    + "\"effective_from\":\"2099-01-01T00:00:00Z\",\"by\":\"a.n.other\","
                    + "\"reason\":\"new TARP\"}"));
    AlarmApi.Answer after = api.handle("GET", "/api/levels", Map.of(), null);

    // Then
    assertThat(before.status()).isEqualTo(200);
    assertThat(json(before).path("grace").asText()).isEqualTo("PT15M");
    assertThat(json(before).path("initial")).hasSize(5);
    assertThat(json(before).path("versions")).isEmpty();
    assertThat(added.status()).isEqualTo(201);
    JsonNode v = json(added);
    assertThat(v.path("direction").asText()).isEqualTo("FALL");
    assertThat(v.path("baseline").asDouble()).isEqualTo(84.2);
    assertThat(v.path("changed_by").asText()).isEqualTo("j.smith");
    assertThat(v.path("reason").asText()).isEqualTo("baseline reset after repair");
    assertThat(
            Duration.between(
                Instant.parse(v.path("changed_at").asText()),
                Instant.parse(v.path("effective_from").asText())))
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(v.path("persistence").asInt()).as("default").isEqualTo(1);
    assertThat(v.path("hysteresis").asDouble()).as("default").isEqualTo(0.0);
    assertThat(later.status()).isEqualTo(201);
    assertThat(json(later).path("persistence").asInt()).isEqualTo(3);
    assertThat(json(later).path("hysteresis").asDouble()).isEqualTo(2.5);
    assertThat(json(after).path("versions"))
        .extracting(n -> n.path("changed_by").asText() + " " + n.path("instrument").asText())
        .containsExactly("a.n.other piezometer", "j.smith water_standpipe");
  }

  @Test
  void aVersionThatCannotBeAcceptedIsRefusedWithTheReason(SiteDatabase.Site site) throws Exception {
    AlarmApi api = api(site);
    String soon = Instant.now().plusSeconds(60).toString();

    assertThat(
            refusal(
                api,
                "{\"instrument\":\"piezometer\",\"alert\":30,\"alarm\":20,\"action\":50,"
                    + "\"by\":\"j.smith\",\"reason\":\"x\"}"))
        .contains("must satisfy 0 < alert <= alarm <= action");
    assertThat(
            refusal(
                api,
                "{\"instrument\":\"piezometer\",\"alert\":10,\"alarm\":20,\"action\":30,"
                    + "\"effective_from\":\""
                    + soon
                    + "\",\"by\":\"j.smith\",\"reason\":\"x\"}"))
        .contains("inside the grace");
    assertThat(
            refusal(
                api,
                "{\"instrument\":\"piezometer\",\"alert\":10,\"alarm\":20,\"action\":30,"
                    + "\"reason\":\"x\"}"))
        .contains("by is required");
    assertThat(
            refusal(
                api,
                "{\"instrument\":\"tiltmeter\",\"alert\":10,\"alarm\":20,\"action\":30,"
                    + "\"by\":\"j.smith\",\"reason\":\"x\"}"))
        .contains("unknown instrument type");
    assertThat(
            refusal(
                api,
                "{\"instrument\":\"piezometer\",\"alert\":10,\"alarm\":20,\"action\":30,"
                    + "\"direction\":\"UP\",\"by\":\"j.smith\",\"reason\":\"x\"}"))
        .contains("direction must be RISE, FALL or BOTH");
    assertThat(
            refusal(
                api,
                "{\"instrument\":\"piezometer\",\"alert\":10,\"alarm\":20,\"action\":30,"
                    + "\"effective_from\":\"tomorrow\",\"by\":\"j.smith\",\"reason\":\"x\"}"))
        .contains("ISO-8601");
    assertThat(
            refusal(
                api,
                "{\"instrument\":\"piezometer\",\"alert\":10,\"alarm\":20,\"action\":30,"
                    + "\"hysteresis\":12,\"by\":\"j.smith\",\"reason\":\"x\"}"))
        .contains("hysteresis must be at least 0 and below the alert level");
    assertThat(
            refusal(
                api,
                "{\"instrument\":\"piezometer\",\"alert\":10,\"alarm\":20,\"action\":30,"
                    + "\"persistence\":1.5,\"by\":\"j.smith\",\"reason\":\"x\"}"))
        .contains("persistence must be a whole number");
    assertThat(json(api.handle("GET", "/api/levels", Map.of(), null)).path("versions")).isEmpty();
  }

  private static String refusal(AlarmApi api, String json) throws Exception {
    AlarmApi.Answer answer = api.handle("POST", "/api/levels", Map.of(), body(json));
    assertThat(answer.status()).as(json).isEqualTo(400);
    return json(answer).path("error").asText();
  }

  private static JsonNode json(AlarmApi.Answer answer) throws Exception {
    return Json.MAPPER.readTree(answer.body());
  }

  private static byte[] body(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
