package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.searchsink.DocumentKind;
import dev.geomonitor.searchsink.IndexLayout;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The requests that give the sink its own fine-grained access control role. The OpenSearch zip the
 * other tests run has no security plugin, so a JDK HTTP server stands in for the domain's security
 * REST API and records what it receives.
 */
class SinkRoleMappingTest {
  private static final String SINK_ROLE =
      "arn:aws:iam::123456789012:role/Geomonitor-dev-SearchSinkServiceRole";

  record Received(String method, String path, String authorization, String body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private int status = 200;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          byte[] answer = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private int apply() {
    return new SinkRoleMapping(HttpClient.newHttpClient(), Duration.ofSeconds(5))
        .apply(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
            RequestSigner.basic("geomonitor", "secret"),
            "",
            SINK_ROLE);
  }

  @Test
  void putsTheRoleThenMapsTheSinksIamRoleToIt() {
    assertThat(apply()).isEqualTo(2);

    assertThat(received)
        .extracting(Received::method, Received::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "PUT", "/_plugins/_security/api/roles/geomonitor_sink_writer"),
            org.assertj.core.groups.Tuple.tuple(
                "PUT", "/_plugins/_security/api/rolesmapping/geomonitor_sink_writer"));
    assertThat(received).allSatisfy(r -> assertThat(r.authorization()).startsWith("Basic "));
  }

  @Test
  void roleMayWriteOnlyThePipelinesIndexes() throws IOException {
    apply();

    JsonNode role = Json.MAPPER.readTree(received.get(0).body());
    JsonNode indexes = role.path("index_permissions").get(0);
    List<String> patterns = new ArrayList<>();
    indexes.path("index_patterns").forEach(p -> patterns.add(p.asText()));
    // Every alias and index the sink writes (and retention ages out) is covered, the alarms not
    IndexLayout layout = new IndexLayout("");
    for (DocumentKind kind : DocumentKind.values()) {
      List<String> names =
          kind.versioned()
              ? List.of(
                  layout.alias(kind),
                  layout.index(kind, new PipelineVersion(1)),
                  layout.index(kind, new PipelineVersion(12)))
              : List.of(
                  layout.alias(kind),
                  kind == DocumentKind.ALARMS ? layout.alarmsIndex() : layout.deadLetterIndex());
      for (String name : names) {
        assertThat(patterns.stream().anyMatch(p -> matches(p, name)))
            .as("%s in %s", name, patterns)
            .isEqualTo(kind != DocumentKind.ALARMS);
      }
    }
    assertThat(indexes.path("allowed_actions").toString())
        .contains("crud", "create_index")
        .doesNotContain("\"*\"");
    assertThat(role.path("cluster_permissions").toString())
        .contains("indices:data/write/bulk")
        .doesNotContain("cluster_all", "\"*\"");
  }

  /** OpenSearch's index pattern: a trailing {@code *} matches any rest, otherwise the name. */
  private static boolean matches(String pattern, String name) {
    return pattern.endsWith("*")
        ? name.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(name);
  }

  @Test
  void roleCoversTheRetentionPassThatRunsAsTheSinksRole() throws IOException {
    // search-sink IndexRetention (the SearchRetention function signs as the sink's IAM role):
    // searches the aliases (crud's read), bulk deletes conditioned on seq_no (cluster bulk, crud's
    // write covers indices:data/write/delete), checks the alias exists (indices:admin/get); it
    // sends no _refresh and no _delete_by_query.
    apply();

    JsonNode role = Json.MAPPER.readTree(received.get(0).body());
    assertThat(role.path("index_permissions").get(0).path("allowed_actions").toString())
        .contains("\"crud\"", "\"indices:admin/get\"");
    assertThat(role.path("cluster_permissions").toString()).contains("\"indices:data/write/bulk\"");
  }

  @Test
  void mappingNamesTheSinksIamRoleAsBackendRole() throws IOException {
    apply();

    JsonNode mapping = Json.MAPPER.readTree(received.get(1).body());
    assertThat(mapping.path("backend_roles").toString()).isEqualTo("[\"" + SINK_ROLE + "\"]");
    assertThat(mapping.has("users")).isFalse();
  }

  @Test
  void refusalNamesTheRequestAndTheAnswer() {
    status = 403;

    assertThatThrownBy(this::apply)
        .hasMessageContaining(
            "PUT /_plugins/_security/api/roles/geomonitor_sink_writer answered 403");
  }

  @Test
  void theNotifierGetsARoleThatMayWriteTheAlarmsIndexOnly() throws IOException {
    String notifier = "arn:aws:iam::123456789012:role/Geomonitor-dev-NotifierServiceRole";

    int done =
        new SinkRoleMapping(HttpClient.newHttpClient(), Duration.ofSeconds(5))
            .applyAlarmsWriter(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                RequestSigner.basic("geomonitor", "secret"),
                "site1-",
                notifier);

    assertThat(done).isEqualTo(2);
    assertThat(received)
        .extracting(Received::path)
        .containsExactly(
            "/_plugins/_security/api/roles/geomonitor_alarms_writer",
            "/_plugins/_security/api/rolesmapping/geomonitor_alarms_writer");
    JsonNode role = Json.MAPPER.readTree(received.get(0).body());
    assertThat(role.path("index_permissions").get(0).path("index_patterns").toString())
        .isEqualTo("[\"site1-alarms\",\"site1-alarms-v*\"]");
    assertThat(role.path("index_permissions").get(0).path("allowed_actions").toString())
        .doesNotContain("\"*\"");
    assertThat(Json.MAPPER.readTree(received.get(1).body()).path("backend_roles").toString())
        .isEqualTo("[\"" + notifier + "\"]");
  }
}
