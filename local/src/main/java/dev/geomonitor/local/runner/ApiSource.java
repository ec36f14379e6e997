package dev.geomonitor.local.runner;

import dev.geomonitor.domain.ApiResponse;
import dev.geomonitor.domain.ApiResponseParser;
import dev.geomonitor.domain.MalformedResponseException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The API the producer polls when it is not the simulator ({@code --api-url}): the URL and paths
 * are checked, and each path asked once, before anything starts, so a typo is reported in a second
 * instead of as retries in a log.
 */
public final class ApiSource {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private ApiSource() {}

  /** {@code --api-url}: an absolute http(s) URL with a host; a path prefix is kept. */
  public static URI parseUrl(String text) {
    String hint =
        "; give the API's root such as https://api.example.com or http://127.0.0.1:8080"
            + " (or leave --api-url out to run the simulator)";
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "--api-url '" + text + "' is not a URL (" + e.getReason() + ")" + hint, e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--api-url '" + text + "' must be an http:// or https:// URL with a host" + hint);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "--api-url '"
              + text
              + "' must not carry a query or fragment; the paths"
              + " polled go in --endpoints");
    }
    return uri;
  }

  /** {@code --endpoints}: paths below the API root, each starting with '/', none twice. */
  public static List<String> parseEndpoints(List<String> paths) {
    List<String> clean =
        new ArrayList<>(
            new LinkedHashSet<>(
                paths.stream().map(String::trim).filter(p -> !p.isEmpty()).toList()));
    if (clean.isEmpty()) {
      throw new IllegalArgumentException(
          "--endpoints is empty: list the API paths to poll, e.g. /params/all/");
    }
    for (String p : clean) {
      if (!p.startsWith("/") || p.contains("?") || p.contains(" ")) {
        throw new IllegalArgumentException(
            "--endpoints lists paths below --api-url starting with '/', such as"
                + " /params/all/ or /params/water_standpipe/; got '"
                + p
                + "'");
      }
    }
    return List.copyOf(clean);
  }

  /**
   * The full URL of a path: concatenated, so a base with a path prefix keeps it (as the producer
   * does).
   */
  public static String urlOf(URI base, String path) {
    String b = base.toString();
    return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path;
  }

  /**
   * Asks every path once and describes what answers, e.g. {@code "v1 (/params/all/: 300 items)"};
   * fails with the URL and the reason when a path does not answer 200 with a response of either API
   * version.
   */
  public static String probe(URI base, List<String> endpoints) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(PROBE_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    List<String> answers = new ArrayList<>();
    LinkedHashSet<String> versions = new LinkedHashSet<>();
    for (String path : endpoints) {
      String url = urlOf(base, path);
      ApiResponse response = fetch(http, url);
      versions.add(response.version().name().toLowerCase(java.util.Locale.ROOT));
      answers.add(path + ": " + response.items().size() + " items");
    }
    return String.join("+", versions) + " (" + String.join(", ", answers) + ")";
  }

  private static ApiResponse fetch(HttpClient http, String url) {
    String what = "--api-url: GET " + url;
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(PROBE_TIMEOUT)
                  .header("Accept", "application/json")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IllegalArgumentException(
          what
              + " failed: nothing answers at "
              + URI.create(url).getAuthority()
              + " (connection refused). Is the API running and the URL right?",
          e);
    } catch (HttpTimeoutException e) {
      throw new IllegalArgumentException(
          what + " did not answer within " + PROBE_TIMEOUT.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking " + url, e);
    }
    if (response.statusCode() != 200) {
      throw new IllegalArgumentException(
          what
              + " answered HTTP "
              + response.statusCode()
              + (response.statusCode() == 404
                  ? ": no such path; check --endpoints (default /params/all/)"
                  : "")
              + ". The producer needs each path to answer 200 with the API's JSON.");
    }
    try {
      return ApiResponseParser.parse(response.body());
    } catch (MalformedResponseException e) {
      throw new IllegalArgumentException(
          what + " answered, but not with a v1 or v2 API response: " + e.getMessage(), e);
    }
  }
}
