package dev.geomonitor.local.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.embedded.OpenSearchNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenSearch reader against a real node, querying aliases over versioned indexes as the search
 * sink lays out.
 */
class OpenSearchLiveReadingsIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PREFIX = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
  private static final StubSite SITE = new StubSite();
  @TempDir static Path dir;
  private static OpenSearchNode node;
  private static OpenSearchLiveReadings readings;

  @BeforeAll
  static void startAndIndex() throws Exception {
    node = OpenSearchNode.start(dir.resolve("os"));
    createIndex(
        "readings",
        "{\"instrument\":{\"type\":\"keyword\"},\"borehole_number\":{\"type\":\"keyword\"},"
            + "\"ts\":{\"type\":\"date\"},\"trigger_status\":{\"type\":\"keyword\"}}");
    createIndex(
        "alerts",
        "{\"instrument\":{\"type\":\"keyword\"},\"borehole_number\":{\"type\":\"keyword\"},"
            + "\"ts\":{\"type\":\"date\"},\"status\":{\"type\":\"keyword\"}}");
    StringBuilder bulk = new StringBuilder();
    for (EnrichedReading latest : SITE.latestPerInstrument()) {
      for (EnrichedReading r : SITE.series(latest.instrument(), latest.boreholeNumber(), 1000)) {
        bulk.append("{\"index\":{\"_index\":\"")
            .append(PREFIX)
            .append("readings-v1\",\"_id\":\"")
            .append(r.readingId())
            .append("\"}}\n")
            .append(Json.MAPPER.writeValueAsString(r))
            .append('\n');
      }
    }
    for (StatusAlert a : SITE.allAlerts()) {
      bulk.append("{\"index\":{\"_index\":\"")
          .append(PREFIX)
          .append("alerts-v1\",\"_id\":\"")
          .append(a.alertId())
          .append("\"}}\n")
          .append(Json.MAPPER.writeValueAsString(a))
          .append('\n');
    }
    String answer = send("POST", "_bulk?refresh=true", bulk.toString(), "application/x-ndjson");
    assertThat(answer).contains("\"errors\":false");
    readings =
        new OpenSearchLiveReadings(
            URI.create(node.httpUrl()),
            PREFIX + "readings",
            PREFIX + "alerts",
            Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void latestPerInstrumentIsEachInstrumentsNewestDocument() {
    // When
    List<EnrichedReading> latest = readings.latestPerInstrument();

    // Then
    assertThat(latest).hasSize(StubSite.INSTRUMENTS);
    assertThat(latest)
        .extracting(EnrichedReading::readingId)
        .containsExactlyInAnyOrderElementsOf(
            SITE.latestPerInstrument().stream().map(EnrichedReading::readingId).toList());
  }

  @Test
  void seriesIsTheNewestReadingsOldestFirst() {
    // When
    List<EnrichedReading> series = readings.series("water_standpipe", "BH-9037", 40);

    // Then
    assertThat(series).hasSize(40);
    assertThat(series)
        .extracting(EnrichedReading::readingId)
        .containsExactlyElementsOf(
            SITE.series("water_standpipe", "BH-9037", 40).stream()
                .map(EnrichedReading::readingId)
                .toList());
  }

  @Test
  void alertsAreNewestFirst() {
    // When
    List<StatusAlert> alerts = readings.latestAlerts(4);

    // Then
    assertThat(alerts)
        .extracting(StatusAlert::alertId)
        .containsExactlyElementsOf(
            SITE.allAlerts().subList(0, 4).stream().map(StatusAlert::alertId).toList());
  }

  @Test
  void anAliasNotCreatedYetReadsAsNoData() {
    // Given a reader of aliases nothing has created
    OpenSearchLiveReadings fresh =
        new OpenSearchLiveReadings(
            URI.create(node.httpUrl()),
            PREFIX + "none-readings",
            PREFIX + "none-alerts",
            Duration.ofSeconds(10));

    // Then
    assertThat(fresh.latestPerInstrument()).isEmpty();
    assertThat(fresh.latestAlerts(5)).isEmpty();
  }

  private static void createIndex(String alias, String properties)
      throws IOException, InterruptedException {
    String body =
        "{\"aliases\":{\""
            + PREFIX
            + alias
            + "\":{}},\"settings\":{\"number_of_shards\":1,"
            + "\"number_of_replicas\":0},\"mappings\":{\"properties\":"
            + properties
            + "}}";
    assertThat(send("PUT", PREFIX + alias + "-v1", body, "application/json"))
        .contains("\"acknowledged\":true");
  }

  private static String send(String method, String path, String body, String type)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.httpUrl() + "/" + path))
            .header("Content-Type", type)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }
}
