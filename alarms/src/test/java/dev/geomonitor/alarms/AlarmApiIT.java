package dev.geomonitor.alarms;

import static dev.geomonitor.alarms.SiteDatabase.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.embedded.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({TestServices.class, SiteDatabase.class})
class AlarmApiIT {
  private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));

  @Test
  void anEngineerListsAcknowledgesAndCommentsAndReadsTheAuditTrail(SiteDatabase.Site site)
      throws Exception {
    // Given
    AlarmProcessor processor =
        AlarmRuntime.processor(AlarmConfig.defaults(), site.dataSource(), clock);
    site.writeAlerts(
        List.of(alert("BH-9037", T0, TriggerStatus.NORMAL, TriggerStatus.ALARM, 88.1)));
    processor.runOnce();
    AlarmApi api = new AlarmApi(processor.store(), clock);

    // When
    AlarmApi.Answer list = api.handle("GET", "/api/alarms", Map.of(), null);
    long id = json(list).path("alarms").get(0).path("alarm_id").asLong();
    AlarmApi.Answer ack =
        api.handle(
            "POST",
            "/api/alarms/" + id + "/acknowledge",
            Map.of(),
            body("{\"by\":\"j.smith\",\"comment\":\"dipped, confirmed\"}"));
    AlarmApi.Answer again =
        api.handle(
            "POST", "/api/alarms/" + id + "/acknowledge", Map.of(), body("{\"by\":\"a.n.other\"}"));
    AlarmApi.Answer note =
        api.handle(
            "POST",
            "/api/alarms/" + id + "/comment",
            Map.of(),
            body("{\"by\":\"a.n.other\",\"comment\":\"pump 3 restarted\"}"));
    AlarmApi.Answer detail = api.handle("GET", "/api/alarms/" + id, Map.of(), null);

    // Then
    assertThat(list.status()).isEqualTo(200);
    assertThat(json(list).path("alarms").get(0).path("state").asText()).isEqualTo("RAISED");
    assertThat(ack.status()).isEqualTo(200);
    assertThat(json(ack).path("acknowledged_by").asText()).isEqualTo("j.smith");
    assertThat(again.status()).isEqualTo(409);
    assertThat(json(again).path("error").asText()).contains("already acknowledged by j.smith");
    assertThat(note.status()).isEqualTo(200);
    JsonNode trail = json(detail).path("events");
    assertThat(trail)
        .extracting(
            e ->
                e.path("event").asText()
                    + " "
                    + e.path("actor").asText()
                    + " "
                    + e.path("comment").asText(""))
        .containsExactly(
            "RAISED system ",
            "ACKNOWLEDGED j.smith dipped, confirmed",
            "COMMENTED a.n.other pump 3 restarted");
    assertThat(json(detail).path("deliveries").get(0).path("notification_status").asText())
        .isEqualTo("UNROUTED");
  }

  @Test
  void badRequestsAreAnsweredWithWhatToSend(SiteDatabase.Site site) throws Exception {
    AlarmApi api = new AlarmApi(new AlarmStore(site.dataSource(), RateLimit.DEFAULT), clock);
    assertThat(
            api.handle("POST", "/api/alarms/42/acknowledge", Map.of(), body("{\"by\":\"x\"}"))
                .status())
        .isEqualTo(404);
    AlarmApi.Answer noBody = api.handle("POST", "/api/alarms/42/acknowledge", Map.of(), null);
    assertThat(noBody.status()).isEqualTo(400);
    assertThat(json(noBody).path("error").asText()).contains("{\"by\":\"your name\"");
    assertThat(api.handle("GET", "/api/alarms/42/acknowledge", Map.of(), null).status())
        .isEqualTo(405);
    assertThat(api.handle("GET", "/api/alarms", Map.of("state", "red"), null).status())
        .isEqualTo(400);
  }

  private static JsonNode json(AlarmApi.Answer answer) throws Exception {
    return Json.MAPPER.readTree(answer.body());
  }

  private static byte[] body(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
