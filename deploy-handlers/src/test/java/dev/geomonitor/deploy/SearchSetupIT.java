package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import dev.geomonitor.embedded.OpenSearchNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search-setup resource against a real OpenSearch node; the Dashboards import goes to {@link
 * StubDashboards} because Dashboards cannot run on this machine. The credentials secret is served
 * by a {@link SecretSource}.
 */
class SearchSetupIT {
  @TempDir static Path work;
  private static OpenSearchNode node;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
  private final StubDashboards dashboards = new StubDashboards();
  private final CustomResourceCore core =
      new CustomResourceCore(
          new SearchSetup(
              id -> "{\"username\":\"geomonitor\",\"password\":\"pw\"}",
              SearchIndexes.openSearch(),
              new DashboardsImport(HTTP, Duration.ofSeconds(10), 2, Duration.ofMillis(50)),
              null,
              SearchSetup.bundledSavedObjects(),
              null,
              new IndexReplicas(HTTP, Duration.ofSeconds(10))));

  @BeforeAll
  static void startNode() {
    node = OpenSearchNode.start(work.resolve("os"));
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @AfterEach
  void stopDashboards() {
    dashboards.close();
  }

  private CustomResourceRequest event(String fixture, String version) {
    return Events.request(
        fixture,
        p -> {
          p.put("OpenSearchUrl", node.httpUrl());
          p.put("DashboardsUrl", dashboards.url().toString());
          p.put("IndexPrefix", prefix);
          p.put("PipelineVersion", version);
        });
  }

  @Test
  void createInstallsTemplatesIndexesAliasesAndImportsTheSavedObjects() throws Exception {
    dashboards.answer(200, "{\"success\":true,\"successCount\":15}");

    CustomResourceResponse response = core.handle(event("search-create", "v1"));

    assertThat(response.succeeded()).as(response.reason()).isTrue();
    assertThat(aliasTargets(prefix + "readings")).isEqualTo("[\"" + prefix + "readings-v1\"]");
    assertThat(aliasTargets(prefix + "alerts")).isEqualTo("[\"" + prefix + "alerts-v1\"]");
    assertThat(get("/_index_template/" + prefix + "geomonitor-readings").statusCode())
        .isEqualTo(200);
    // The alarms index the notifier writes (not versioned: it outlives reprocessing).
    assertThat(aliasTargets(prefix + "alarms")).isEqualTo("[\"" + prefix + "alarms-v1\"]");
    assertThat(get("/_index_template/" + prefix + "geomonitor-alarms").statusCode()).isEqualTo(200);
    assertThat(response.data()).containsEntry("SavedObjectsImported", "15");
    StubDashboards.Received request = dashboards.received.get(0);
    assertThat(request.pathAndQuery())
        .isEqualTo("/_dashboards/api/saved_objects/_import?overwrite=true");
    assertThat(request.header("osd-xsrf")).isEqualTo("true");
    assertThat(request.header("Authorization")).isEqualTo("Basic Z2VvbW9uaXRvcjpwdw==");
    assertThat(request.header("Content-Type")).startsWith("multipart/form-data; boundary=");
    assertThat(request.bodyText())
        .contains("Content-Disposition: form-data; name=\"file\"; filename=\"geomonitor.ndjson\"")
        .contains(new String(SearchSetup.bundledSavedObjects(), StandardCharsets.UTF_8));
  }

  @Test
  void aSecondCreateChangesNothingAndANewVersionLeavesTheAliasesWhereTheyAre() throws Exception {
    core.handle(event("search-create", "v1"));

    CustomResourceResponse again = core.handle(event("search-create", "v1"));
    CustomResourceResponse v2 = core.handle(event("search-update", "v2"));

    assertThat(again.succeeded()).as(again.reason()).isTrue();
    assertThat(v2.succeeded()).as(v2.reason()).isTrue();
    assertThat(get("/" + prefix + "readings-v2").statusCode()).isEqualTo(200);
    assertThat(aliasTargets(prefix + "readings")).isEqualTo("[\"" + prefix + "readings-v1\"]");
  }

  @Test
  void anUnreachableNodeFailsTheResourceNamingTheCall() {
    CustomResourceResponse response =
        core.handle(
            Events.request(
                "search-create",
                p -> {
                  p.put("OpenSearchUrl", "http://127.0.0.1:1");
                  p.put("DashboardsUrl", dashboards.url().toString());
                  p.put("IndexPrefix", prefix);
                }));

    assertThat(response.succeeded()).isFalse();
    assertThat(response.reason())
        .startsWith("opensearch-setup create failed:")
        .contains("_index_template");
    assertThat(dashboards.received).isEmpty();
  }

  @Test
  void theConfiguredReplicaAndShardCountsAreTheVersionsIndexSettings() throws Exception {
    dashboards.answer(200, "{\"success\":true,\"successCount\":15}");

    CustomResourceResponse response =
        core.handle(
            Events.request(
                "search-create",
                p -> {
                  p.put("OpenSearchUrl", node.httpUrl());
                  p.put("DashboardsUrl", dashboards.url().toString());
                  p.put("IndexPrefix", prefix);
                  p.put("PipelineVersion", "v1");
                  p.put("Replicas", "1");
                  p.put("Shards", "2");
                }));

    assertThat(response.succeeded()).as(response.reason()).isTrue();
    assertThat(response.data()).containsEntry("Replicas", "1");
    for (String index :
        java.util.List.of("readings-v1", "aggregates-v1", "alerts-v1", "alarms-v1")) {
      JsonNode settings =
          Json.MAPPER
              .readTree(get("/" + prefix + index + "/_settings").body())
              .path(prefix + index)
              .path("settings")
              .path("index");
      assertThat(settings.path("number_of_replicas").asText()).as(index).isEqualTo("1");
      assertThat(settings.path("auto_expand_replicas").asText()).as(index).isEqualTo("false");
      assertThat(settings.path("number_of_shards").asText()).as(index).isEqualTo("2");
    }
  }

  @Test
  void withoutAReplicaCountTheTemplatesAutoExpansionStays() throws Exception {
    core.handle(event("search-create", "v1"));

    JsonNode settings =
        Json.MAPPER
            .readTree(get("/" + prefix + "readings-v1/_settings").body())
            .path(prefix + "readings-v1")
            .path("settings")
            .path("index");

    assertThat(settings.path("auto_expand_replicas").asText()).isEqualTo("0-1");
  }

  private static String aliasTargets(String alias) throws Exception {
    HttpResponse<String> response = get("/_alias/" + alias);
    JsonNode body = Json.MAPPER.readTree(response.body());
    return Json.MAPPER.writeValueAsString(
        Json.MAPPER.valueToTree(
            java.util.stream.StreamSupport.stream(
                    java.util.Spliterators.spliteratorUnknownSize(body.fieldNames(), 0), false)
                .sorted()
                .toList()));
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(node.httpUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
