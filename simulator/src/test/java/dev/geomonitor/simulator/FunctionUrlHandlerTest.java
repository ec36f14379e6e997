package dev.geomonitor.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionUrlHandlerTest {
  private static final Instant START = Instant.parse("2026-11-24T20:00:00Z");

  private static APIGatewayV2HTTPEvent event(String method, String path, String body) {
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath(path)
        .withBody(body)
        .withIsBase64Encoded(false)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(method)
                        .withPath(path)
                        .build())
                .build())
        .build();
  }

  @Test
  void lambdaReturnsTheSameBodyAsTheHttpServer() throws Exception {
    // Given the same configuration behind the HTTP server and behind the Lambda handler
    SimulatorConfig config =
        SimulatorConfig.defaults()
            .withSeed(23)
            .withInstrumentsPerType(10)
            .withApiVersion("v2")
            .withScenarioStart(START)
            .withClock(Clock.fixed(START.plusSeconds(250), ZoneOffset.UTC));
    FunctionUrlHandler lambda = new FunctionUrlHandler(config);
    String overHttp;
    try (SimulatorServer sim = SimulatorServer.start(config)) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/params/all/"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      overHttp = r.body();
    }

    // When the Lambda answers the same request
    APIGatewayV2HTTPResponse response =
        lambda.handleRequest(event("GET", "/params/all/", null), null);

    // Then status, content type and body are the same
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    assertThat(response.getBody()).isEqualTo(overHttp).contains("\"instruments\":50");
  }

  @Test
  void lambdaAcceptsFaultsPostedToItsFunctionUrl() {
    // Given a Lambda without faults
    FunctionUrlHandler lambda =
        new FunctionUrlHandler(
            SimulatorConfig.defaults().withInstrumentsPerType(2).withScenarioStart(START));

    // When faults are posted, base64-encoded as Function URLs may send bodies
    String encoded =
        java.util.Base64.getEncoder().encodeToString("{\"internal_error_rate\":1}".getBytes());
    APIGatewayV2HTTPEvent post = event("POST", "/_simulator/faults", encoded);
    post.setIsBase64Encoded(true);
    lambda.handleRequest(post, null);

    // Then the next poll fails as configured
    assertThat(lambda.handleRequest(event("GET", "/params/all/", null), null).getStatusCode())
        .isEqualTo(500);
  }

  @Test
  void lambdaSettingsComeFromTheEnvironment() {
    // Given a Lambda environment
    Map<String, String> env =
        Map.of(
            "SIMULATOR_SEED", "9",
            "SIMULATOR_INSTRUMENTS_PER_TYPE", "25",
            "SIMULATOR_API_VERSION", "v2",
            "SIMULATOR_SCENARIO_START", "2026-11-24T20:00:00Z",
            "SIMULATOR_SAMPLE_INTERVAL", "PT5S",
            "SIMULATOR_PACE", "0.5",
            "SIMULATOR_FAULTS", "{\"duplicate_rate\":0.1}");

    // When reading it
    SimulatorConfig c = LambdaSettings.fromEnvironment(env);

    // Then every setting is taken
    assertThat(c.seed()).isEqualTo(9);
    assertThat(c.instrumentsPerType()).isEqualTo(25);
    assertThat(c.apiVersion()).isEqualTo("v2");
    assertThat(c.scenarioStart()).isEqualTo(START);
    assertThat(c.sampleInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.pace()).isEqualTo(0.5);
    assertThat(c.faults().duplicateRate()).isEqualTo(0.1);
  }

  @Test
  void badLambdaSettingsNameTheVariable() {
    // Given a malformed variable
    // When reading it
    // Then the message names it and says what is expected
    assertThatThrownBy(
            () -> LambdaSettings.fromEnvironment(Map.of("SIMULATOR_SCENARIO_START", "yesterday")))
        .hasMessageContaining("SIMULATOR_SCENARIO_START='yesterday'")
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> LambdaSettings.fromEnvironment(Map.of("SIMULATOR_API_VERSION", "v3")))
        .hasMessageContaining("v3")
        .hasMessageContaining("v1 or v2");
  }
}
