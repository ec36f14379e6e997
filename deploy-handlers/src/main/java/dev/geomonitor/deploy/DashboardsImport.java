package dev.geomonitor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs an NDJSON export to {@code <dashboards>/api/saved_objects/_import?overwrite=true} as a
 * multipart form, the way Dashboards' own import page does. Overwrite makes the import idempotent:
 * the objects have fixed ids. A 5xx or a connection failure (Dashboards still starting on a new
 * domain) is retried a few times.
 */
public final class DashboardsImport implements SavedObjectsImporter {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardsImport.class);
  static final String IMPORT_PATH = "/api/saved_objects/_import?overwrite=true";

  private final HttpClient http;
  private final Duration requestTimeout;
  private final int attempts;
  private final Duration retryDelay;

  public DashboardsImport(
      HttpClient http, Duration requestTimeout, int attempts, Duration retryDelay) {
    this.http = http;
    this.requestTimeout = requestTimeout;
    this.attempts = attempts;
    this.retryDelay = retryDelay;
  }

  public static DashboardsImport create(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    return new DashboardsImport(http, timeout, 5, Duration.ofSeconds(10));
  }

  @Override
  public int importObjects(
      URI dashboardsUrl, RequestSigner signer, String fileName, byte[] ndjson) {
    URI uri = URI.create(dashboardsUrl + IMPORT_PATH);
    String boundary = "geomonitor-" + UUID.randomUUID();
    byte[] body = multipart(boundary, fileName, ndjson);
    Map<String, String> headers = new LinkedHashMap<>();
    // Dashboards refuses state-changing API calls without it (cross-site request forgery guard)
    headers.put("osd-xsrf", "true");
    headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
    for (int attempt = 1; ; attempt++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(requestTimeout)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(request::header);
      signer.authHeaders("POST", uri, headers, body).forEach(request::header);
      String failure;
      try {
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() < 500) {
          return verdict(uri, response);
        }
        failure = "answered " + response.statusCode() + ": " + abbreviate(response.body());
      } catch (IOException e) {
        failure = "failed: " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while importing saved objects into " + uri, e);
      }
      if (attempt >= attempts) {
        throw new IllegalStateException(
            "Dashboards import POST "
                + uri
                + " "
                + failure
                + " (after "
                + attempt
                + " attempts): is the domain's Dashboards reachable from the handler?");
      }
      LOG.warn("Dashboards import attempt {} {}; retrying in {}", attempt, failure, retryDelay);
      pause();
    }
  }

  private static int verdict(URI uri, HttpResponse<String> response) {
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "Dashboards import POST "
              + uri
              + " answered "
              + response.statusCode()
              + ": "
              + abbreviate(response.body())
              + (response.statusCode() == 401 || response.statusCode() == 403
                  ? " (check the credentials and the user's role mapping)"
                  : ""));
    }
    JsonNode result;
    try {
      result = Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          "Dashboards import answered 2xx but not JSON: " + abbreviate(response.body()), e);
    }
    if (!result.path("success").asBoolean(false)) {
      throw new IllegalStateException(
          "Dashboards import of saved objects did not succeed: "
              + abbreviate(result.path("errors").toString()));
    }
    return result.path("successCount").asInt(0);
  }

  static byte[] multipart(String boundary, String fileName, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 256);
    String head =
        "--"
            + boundary
            + "\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\""
            + fileName
            + "\"\r\n"
            + "Content-Type: application/ndjson\r\n\r\n";
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private void pause() {
    try {
      Thread.sleep(retryDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while waiting to retry the Dashboards import", e);
    }
  }

  private static String abbreviate(String text) {
    return text == null ? "" : text.length() <= 400 ? text : text.substring(0, 400) + "...";
  }
}
