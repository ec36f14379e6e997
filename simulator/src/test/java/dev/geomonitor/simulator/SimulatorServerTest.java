package dev.geomonitor.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.ApiResponse;
import dev.geomonitor.domain.ApiResponseParser;
import dev.geomonitor.domain.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Through a real socket on an ephemeral port. */
class SimulatorServerTest {
  private static final Instant START = Instant.parse("2026-11-24T20:00:00Z");
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private SimulatorServer sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesPollsStatsAndRuntimeFaultsOverHttp() throws Exception {
    // Given a v2 simulator on an ephemeral port with a steppable clock
    ManualClock clock = new ManualClock(START.plusSeconds(30));
    sim =
        SimulatorServer.start(
            SimulatorConfig.defaults()
                .withInstrumentsPerType(15)
                .withApiVersion("v2")
                .withPort(0)
                .withScenarioStart(START)
                .withClock(clock));

    // When polling a data path, switching on 503s over HTTP, polling again and reading the stats
    HttpResponse<String> health = send("GET", "/health", null);
    HttpResponse<String> poll = send("GET", "/params/extensometer/", null);
    HttpResponse<String> faults =
        send("POST", "/_simulator/faults", "{\"unavailable_rate\":1,\"retry_after_seconds\":2}");
    HttpResponse<String> refused = send("GET", "/params/extensometer/", null);
    HttpResponse<String> stats = send("GET", "/_simulator/stats", null);

    // Then each answers as documented, the Java view agrees with the HTTP one
    assertThat(sim.port()).isPositive();
    assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + sim.port());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(poll.statusCode()).isEqualTo(200);
    assertThat(poll.headers().firstValue("Content-Type")).hasValue("application/json");
    ApiResponse parsed = ApiResponseParser.parse(poll.body());
    assertThat(parsed.items()).hasSize(15);
    assertThat(faults.statusCode()).isEqualTo(200);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
    JsonNode statsJson = Json.MAPPER.readTree(stats.body());
    assertThat(statsJson.get("items_served").asLong()).isEqualTo(15);
    assertThat(statsJson.get("unavailable_responses").asLong()).isEqualTo(1);
    assertThat(sim.stats().itemsOf("extensometer")).isEqualTo(15);
    assertThat(sim.faults().unavailableRate()).isEqualTo(1.0);
  }

  @Test
  void unknownPathsAndMethodsAreRefused() throws Exception {
    // Given a v1 simulator
    sim =
        SimulatorServer.start(
            SimulatorConfig.defaults().withInstrumentsPerType(2).withScenarioStart(START));

    // When asking for a v2-only path and posting to a data path
    HttpResponse<String> missing = send("GET", "/params/strain_gauge/", null);
    HttpResponse<String> posted = send("POST", "/params/all/", "{}");

    // Then 404 and 405 with a JSON message
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("/params/strain_gauge/");
    assertThat(posted.statusCode()).isEqualTo(405);
  }
}
