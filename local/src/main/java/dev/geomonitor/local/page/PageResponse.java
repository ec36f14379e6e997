package dev.geomonitor.local.page;

import java.nio.charset.StandardCharsets;

/** What one request to the page's JSON API answers: an HTTP status and a JSON body. */
public record PageResponse(int status, byte[] body) {

  public static PageResponse json(int status, byte[] body) {
    return new PageResponse(status, body);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
