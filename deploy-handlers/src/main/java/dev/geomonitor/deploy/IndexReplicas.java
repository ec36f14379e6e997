package dev.geomonitor.deploy;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.searchsink.DocumentKind;
import dev.geomonitor.searchsink.IndexLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The replica count of a pipeline version's indexes and the dead-letter index, set by configuration
 * instead of the templates' {@code auto_expand_replicas: 0-1}: one PUT of {@code _settings} with
 * auto-expansion off. Replicas are a dynamic setting, so a changed count applies to the existing
 * indexes on the next deploy; idempotent.
 */
public final class IndexReplicas {
  private final HttpClient http;
  private final Duration timeout;

  public IndexReplicas(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /** The indexes the search-setup resource installs for {@code version}. */
  static List<String> indexes(IndexLayout layout, PipelineVersion version) {
    List<String> names = new ArrayList<>();
    for (DocumentKind kind : IndexLayout.versionedKinds()) {
      names.add(layout.index(kind, version));
    }
    names.add(layout.deadLetterIndex());
    // The alarm notifier writes it, but the search setup creates it with the others.
    names.add(layout.alarmsIndex());
    return names;
  }

  static String body(int replicas) {
    if (replicas < 0) {
      throw new IllegalArgumentException(
          "resource property Replicas must be 0 or more, got " + replicas);
    }
    return "{\"index\":{\"auto_expand_replicas\":\"false\",\"number_of_replicas\":"
        + replicas
        + "}}";
  }

  public void apply(URI openSearchUrl, RequestSigner signer, List<String> indexes, int replicas) {
    String path = "/" + String.join(",", indexes) + "/_settings";
    URI uri = URI.create(openSearchUrl.toString().replaceAll("/+$", "") + path);
    byte[] body = body(replicas).getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = Map.of("Content-Type", "application/json");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    signer.authHeaders("PUT", uri, headers, body).forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "PUT "
                + path
                + " (number_of_replicas="
                + replicas
                + ") answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("PUT " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during PUT " + path, e);
    }
  }
}
