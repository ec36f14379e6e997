package dev.geomonitor.deploy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Adds authentication to one HTTP request: nothing, HTTP basic, or AWS SigV4 ({@link
 * SigV4RequestSigner}).
 */
@FunctionalInterface
public interface RequestSigner {

  /**
   * @param headers the headers the request will carry (SigV4 signs them)
   * @return the headers to add
   */
  Map<String, String> authHeaders(String method, URI uri, Map<String, String> headers, byte[] body);

  static RequestSigner none() {
    return (method, uri, headers, body) -> Map.of();
  }

  static RequestSigner basic(String username, String password) {
    String token =
        Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    return (method, uri, headers, body) -> Map.of("Authorization", "Basic " + token);
  }
}
