package dev.geomonitor.simulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One answer of the simulated API, independent of transport: the HTTP server and the Lambda handler
 * both send it.
 *
 * @param status HTTP status
 * @param headers response headers (Content-Type always, Retry-After with a 503)
 * @param body the body text
 * @param delay how long the transport waits before answering (slow-response fault), zero normally
 */
public record ApiReply(int status, Map<String, String> headers, String body, Duration delay) {
  public ApiReply {
    headers = Map.copyOf(headers);
  }

  static ApiReply json(int status, String body) {
    return new ApiReply(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
  }

  ApiReply withHeader(String name, String value) {
    Map<String, String> h = new HashMap<>(headers);
    h.put(name, value);
    return new ApiReply(status, h, body, delay);
  }

  ApiReply withDelay(Duration value) {
    return new ApiReply(status, headers, body, value);
  }
}
