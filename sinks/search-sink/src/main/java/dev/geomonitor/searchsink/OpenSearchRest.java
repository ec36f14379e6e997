package dev.geomonitor.searchsink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * Plain JSON calls over the client's transport (so auth and SigV4 apply), for admin APIs whose
 * bodies are easier to keep as JSON documents than to build with typed builders: index templates,
 * {@code _aliases}, counts.
 */
public final class OpenSearchRest {
  private final OpenSearchClient client;

  public OpenSearchRest(OpenSearchClient client) {
    this.client = client;
  }

  /** The HTTP status and JSON body of one call. */
  public record Reply(int status, JsonNode body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * @param endpoint path, optionally with {@code ?name=value&...} parameters
   * @param body JSON body or null
   */
  public Reply call(String method, String endpoint, JsonNode body) {
    int q = endpoint.indexOf('?');
    var builder =
        Requests.builder().method(method).endpoint(q < 0 ? endpoint : endpoint.substring(0, q));
    if (q >= 0) {
      Map<String, String> parameters = new LinkedHashMap<>();
      for (String pair : endpoint.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        parameters.put(
            eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "true" : pair.substring(eq + 1));
      }
      builder.query(parameters);
    }
    if (body != null) {
      builder.body(Body.from(toBytes(body), "application/json"));
    }
    Request request = builder.build();
    try (Response response = client.generic().execute(request)) {
      byte[] bytes = response.getBody().map(Body::bodyAsBytes).orElse(new byte[0]);
      JsonNode json = bytes.length > 0 ? Json.MAPPER.readTree(bytes) : Json.MAPPER.nullNode();
      return new Reply(response.getStatus(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(
          method + " " + endpoint + " failed: is OpenSearch reachable?", e);
    }
  }

  /** A call that must succeed; the error names the call and carries OpenSearch's answer. */
  public JsonNode expectOk(String method, String endpoint, JsonNode body) {
    Reply reply = call(method, endpoint, body);
    if (!reply.ok()) {
      throw new IllegalStateException(
          method + " " + endpoint + " answered " + reply.status() + ": " + reply.body());
    }
    return reply.body();
  }

  private static byte[] toBytes(JsonNode body) {
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException("a JSON tree always serializes", e);
    }
  }
}
