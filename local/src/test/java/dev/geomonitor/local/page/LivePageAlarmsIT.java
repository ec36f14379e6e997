package dev.geomonitor.local.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.alarms.AlarmApi;
import dev.geomonitor.alarms.AlarmConfig;
import dev.geomonitor.alarms.AlarmProcessor;
import dev.geomonitor.alarms.AlarmRuntime;
import dev.geomonitor.alarms.RateTriggerVersions;
import dev.geomonitor.batchstore.BatchContent;
import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.batchstore.TriggerLevelVersions;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.embedded.PostgresServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alarm API as the live page's server serves it, on a real PostgreSQL with alarms raised from
 * real alert rows.
 */
class LivePageAlarmsIT {
  private static final PipelineVersion V1 = new PipelineVersion(1);
  @TempDir static Path dir;
  private static PostgresServer postgres;
  private static LivePageServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    postgres = PostgresServer.start(dir.resolve("pg"));
    BatchStore store =
        new BatchStore(
            new BatchStoreConfig(postgres.jdbcUrl(), postgres.username(), postgres.password()));
    store.migrate(V1);
    Instant ts = Instant.parse("2026-11-24T20:00:00Z");
    StatusAlert alarm =
        new StatusAlert(
            NaturalKeys.alertId("water_standpipe", "BH-9037", ts, TriggerStatus.ALARM),
            "v1",
            "water_standpipe",
            "BH-9037",
            ts,
            TriggerStatus.NORMAL,
            TriggerStatus.ALARM,
            88.1,
            86.0,
            2.1,
            2.0,
            "m AHD",
            -37.79,
            144.97,
            NaturalKeys.readingId("water_standpipe", "BH-9037", ts));
    Instant later = ts.plusSeconds(600);
    StatusAlert action =
        new StatusAlert(
            NaturalKeys.alertId("water_standpipe", "BH-77", later, TriggerStatus.ACTION),
            "v1",
            "water_standpipe",
            "BH-77",
            later,
            TriggerStatus.NORMAL,
            TriggerStatus.ACTION,
            89.4,
            86.0,
            3.4,
            3.0,
            "m AHD",
            -37.79,
            144.97,
            NaturalKeys.readingId("water_standpipe", "BH-77", later));
    store.writeBatch(
        V1,
        "readings",
        0,
        BatchContent.ofReadings(List.of(), List.of(alarm, action), List.of(), null));
    AlarmProcessor processor =
        AlarmRuntime.processor(AlarmConfig.defaults(), store.dataSource(), Clock.systemUTC());
    processor.runOnce();
    StubSite site = new StubSite();
    server =
        LivePageServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            new PageApi(site, site, site, () -> StubSite.LEVELS, Clock.systemUTC()),
            new AlarmApi(processor.store(), Clock.systemUTC())
                .withLevels(
                    new TriggerLevelVersions(store.dataSource()), TriggerLevelCatalog::defaults)
                .withRateTriggers(
                    new RateTriggerVersions(store.dataSource()), () -> processor.policy().rates()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void anEngineerAcknowledgesAnAlarmOverHttpAndTheAuditTrailShowsIt() throws Exception {
    // Given
    JsonNode list = Json.MAPPER.readTree(get("/api/alarms").body());
    JsonNode bh9037 = null;
    for (JsonNode a : list.path("alarms")) {
      if (a.path("series").asText().equals("water_standpipe:BH-9037")) {
        bh9037 = a;
      }
    }
    long id = bh9037.path("alarm_id").asLong();

    // When
    HttpResponse<String> ack =
        post(
            "/api/alarms/" + id + "/acknowledge",
            "application/json",
            "{\"by\":\"j.smith\",\"comment\":\"on site\"}");
    HttpResponse<String> detail = get("/api/alarms/" + id);

    // Then
    assertThat(bh9037.path("state").asText()).isEqualTo("RAISED");
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(ack.body()).path("state").asText()).isEqualTo("ACKNOWLEDGED");
    assertThat(Json.MAPPER.readTree(detail.body()).path("events"))
        .extracting(e -> e.path("event").asText())
        .containsExactly("RAISED", "ACKNOWLEDGED");
  }

  @Test
  void aPostWithoutAJsonContentTypeIsRefusedSoOtherPagesCannotAcknowledge() throws Exception {
    HttpResponse<String> form =
        post("/api/alarms/1/acknowledge", "text/plain", "{\"by\":\"evil\"}");
    assertThat(form.statusCode()).isEqualTo(415);
    assertThat(form.body()).contains("application/json");
  }

  @Test
  void thePageListsOpenAlarmsWithAnAcknowledgeButton(@TempDir Path work) throws Exception {
    // Given
    HeadlessChromium chromium = HeadlessChromium.locate(work);

    // When
    String dom = chromium.dumpDom(server.url(), Duration.ofSeconds(4));
    Path png = Path.of("target", "screenshots", "live-page-alarms.png");
    Files.createDirectories(png.getParent());
    chromium.screenshot(server.url(), png, 1440, 1900, Duration.ofSeconds(4));

    // Then: BH-77 at ACTION, not acknowledged, has its button; the panel counts the open alarms
    Matcher count = Pattern.compile("id=\"alarms-panel\"[^>]*data-alarms=\"(\\d+)\"").matcher(dom);
    assertThat(count.find()).isTrue();
    assertThat(Integer.parseInt(count.group(1))).isEqualTo(2);
    assertThat(dom)
        .contains("BH-77 · water standpipe")
        .contains("badge ACTION")
        .contains(">Acknowledge</button>");
    assertThat(Files.size(png)).isGreaterThan(20_000);
  }

  @Test
  void anEngineerAddsAReviewLevelVersionOverHttpAndReadsItsHistory() throws Exception {
    // When
    HttpResponse<String> plain = post("/api/levels", "text/plain", "{}");
    HttpResponse<String> added =
        post(
            "/api/levels",
            "application/json",
            "{\"instrument\":\"water_standpipe\",\"borehole_number\":\"BH-9037\",\"alert\":0.5,"
                + "\"alarm\":1,\"action\":1.5,\"by\":\"j.smith\",\"reason\":\"tighter for the trial\"}");
    JsonNode history = Json.MAPPER.readTree(get("/api/levels").body());

    // Then
    assertThat(plain.statusCode()).isEqualTo(415);
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    assertThat(history.path("versions"))
        .extracting(v -> v.path("borehole_number").asText() + " " + v.path("changed_by").asText())
        .containsExactly("BH-9037 j.smith");
  }

  @Test
  void anEngineerAddsARateTriggerVersionOverHttpAndReadsItsHistory() throws Exception {
    // When
    HttpResponse<String> plain = post("/api/rate-triggers", "text/plain", "{}");
    HttpResponse<String> added =
        post(
            "/api/rate-triggers",
            "application/json",
            "{\"instrument\":\"settlement_marker\",\"borehole_number\":\"SM-104\",\"change\":2,"
                + "\"within\":\"PT12H\",\"by\":\"j.smith\",\"reason\":\"next to the shaft\"}");
    HttpResponse<String> refused =
        post(
            "/api/rate-triggers",
            "application/json",
            "{\"instrument\":\"settlement_marker\",\"change\":2,\"within\":\"PT12H\","
                + "\"by\":\"j.smith\"}");
    JsonNode history = Json.MAPPER.readTree(get("/api/rate-triggers").body());

    // Then: version 0 is the processor's alarms file (the defaults: 5 mm in a day)
    assertThat(plain.statusCode()).isEqualTo(415);
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("reason is required");
    assertThat(history.at("/initial/types/settlement_marker/change").asDouble()).isEqualTo(5.0);
    assertThat(history.path("versions"))
        .extracting(v -> v.path("borehole_number").asText() + " " + v.path("changed_by").asText())
        .containsExactly("SM-104 j.smith");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String type, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create(server.url().toString().replaceAll("/$", "") + path);
  }
}
