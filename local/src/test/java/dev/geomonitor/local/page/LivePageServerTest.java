package dev.geomonitor.local.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LivePageServerTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private LivePageServer server;

  @BeforeEach
  void start() {
    StubSite site = new StubSite();
    server =
        LivePageServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            new PageApi(site, site, site, () -> StubSite.LEVELS, Clock.systemUTC()));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void bindsAnEphemeralPortOnTheRequestedAddress() {
    assertThat(server.url().getHost()).isEqualTo("127.0.0.1");
    assertThat(server.url().getPort()).isPositive();
  }

  @Test
  void servesThePageAndChartJsFromItsWebjar() throws Exception {
    // When
    HttpResponse<String> page = get("/");
    HttpResponse<String> chartJs = get(LivePageServer.CHART_JS_PATH);

    // Then
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("<canvas id=\"map\"").contains(LivePageServer.CHART_JS_PATH);
    assertThat(chartJs.statusCode()).isEqualTo(200);
    assertThat(chartJs.body()).contains("Chart.js v4");
  }

  @Test
  void answersTheJsonApiWithDecodedQueryParameters() throws Exception {
    // When
    HttpResponse<String> series =
        get("/api/series?instrument=water_standpipe&borehole_number=BH%2D9037&limit=7");

    // Then
    assertThat(series.statusCode()).isEqualTo(200);
    assertThat(series.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(series.body()).contains("\"borehole_number\":\"BH-9037\"");
  }

  @Test
  void refusesPathsOutsideTheStaticFolder() throws Exception {
    assertThat(get("/static/../LivePageServer.class").statusCode()).isEqualTo(404);
    assertThat(get("/static/%2e%2e%2fapp.js").statusCode()).isEqualTo(404);
    assertThat(get("/static/missing.js").statusCode()).isEqualTo(404);
    assertThat(get("/static/app.js").statusCode()).isEqualTo(200);
  }

  @Test
  void refusesMethodsOtherThanGetOnTheApi() throws Exception {
    HttpRequest post =
        HttpRequest.newBuilder(server.url().resolve("/api/health"))
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
  }

  @Test
  void queryParametersAreUrlDecoded() {
    assertThat(LivePageServer.queryParams(URI.create("/api/series?instrument=a%20b&flag&x=1%3D2")))
        .containsEntry("instrument", "a b")
        .containsEntry("flag", "")
        .containsEntry("x", "1=2");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url().toString().replaceAll("/$", "") + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
