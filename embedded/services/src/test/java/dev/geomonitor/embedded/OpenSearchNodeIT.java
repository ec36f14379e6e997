package dev.geomonitor.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSearchNodeIT {

  @TempDir Path workDir;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void indexedDocumentSurvivesStopAndStartAndRootRunsTheNodeUnprivileged() throws Exception {
    String index = "readings-it-" + UUID.randomUUID();
    try (OpenSearchNode node = OpenSearchNode.start(workDir)) {
      // Given a document indexed and searchable
      HttpResponse<String> indexed =
          send(
              node,
              "PUT",
              "/" + index + "/_doc/INC-01?refresh=true",
              "{\"instrument_id\":\"INC-01\",\"value\":12.5}");
      assertThat(indexed.statusCode()).isEqualTo(201);
      assertThat(searchHits(node, index)).contains("\"value\":1,");
      assertThat(runningUser(node.pid()))
          .isEqualTo(isRoot() ? "nobody" : System.getProperty("user.name"));
      long firstPid = node.pid();
      String url = node.httpUrl();

      // When the node stops and starts again
      node.stop();
      assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();
      node.start();

      // Then it answers on the same URL and still has the document
      assertThat(node.httpUrl()).isEqualTo(url);
      assertThat(searchHits(node, index)).contains("\"value\":1,").contains("INC-01");
    }
  }

  private String searchHits(OpenSearchNode node, String index)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(node, "GET", "/" + index + "/_search?q=instrument_id:INC-01", null);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private HttpResponse<String> send(OpenSearchNode node, String method, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.httpUrl() + path))
            .header("Content-Type", "application/json");
    request.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String runningUser(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().user()).orElseThrow();
  }

  private static boolean isRoot() throws IOException {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }
}
