package dev.geomonitor.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Documents searchable per kind, counted on the aliases readers use. Counted per kind because the
 * kinds do not add up to anything: readings compare with "accepted", while an aggregate is one
 * document however often its window was revised, and alerts are status changes.
 */
final class IndexedCounts {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Documents behind each alias; -1 where OpenSearch did not answer. */
  record Counts(long readings, long aggregates, long alerts) {
    static final Counts UNKNOWN = new Counts(-1, -1, -1);
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String baseUrl;

  IndexedCounts(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  Counts count() {
    return new Counts(count("readings"), count("aggregates"), count("alerts"));
  }

  private long count(String alias) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/" + alias + "/_count"))
                  .timeout(TIMEOUT)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return 0; // the alias does not exist yet: nothing indexed
      }
      if (response.statusCode() != 200) {
        return -1;
      }
      JsonNode body = Json.MAPPER.readTree(response.body());
      return body.path("count").asLong(-1);
    } catch (IOException e) {
      // Shown as unknown while OpenSearch does not answer; the runner's own checks report a dead
      // node.
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
