package dev.geomonitor.local.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * A stand-in for a real instrument API, below the prefix {@code /site}: {@code
 * /site/v1/params/water_standpipe/} answers in v1, {@code /site/v2/params/all/} in v2. Every
 * request serves a new reading per instrument (timestamped at the request's second), as a live API
 * does; other paths are 404.
 */
final class FixedApiServer implements AutoCloseable {
  private final HttpServer server;

  FixedApiServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/site/v1/params/water_standpipe/", e -> send(e, 200, v1Standpipes()));
    server.createContext("/site/v2/params/all/", e -> send(e, 200, v2Piezometers()));
    server.createContext("/", e -> send(e, 404, "{\"error\":\"not found\"}"));
    server.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/site");
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String v1Standpipes() {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      items
          .append(i == 0 ? "" : ",")
          .append(
              String.format(
                  Locale.ROOT,
                  "{\"borehole_number\":\"BH-EXT-%d\",\"instrument\":\"water_standpipe\",\"surface_level\":85.4,"
                      + "\"northing\":%d,\"easting\":%d,\"water_level\":%.2f,\"timestamp\":\"%s\"}",
                  i,
                  5_813_000 + 100 * i,
                  320_000 + 100 * i,
                  84.0 + 0.01 * (System.nanoTime() % 10),
                  now()));
    }
    return "{\"request_type\":\"water_standpipe\",\"length\":3,\"RL_units\":\"AHD (m)\",\"timezone\":\"UTC\","
        + "\"items\":["
        + items
        + "]}";
  }

  static String v2Piezometers() {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < 2; i++) {
      items
          .append(i == 0 ? "" : ",")
          .append(
              String.format(
                  Locale.ROOT,
                  "{\"borehole_number\":\"PZ-EXT-%d\",\"instrument\":\"piezometer\",\"northing\":%d,\"easting\":%d,"
                      + "\"reading\":%.1f,\"timestamp\":\"%s\"}",
                  i,
                  5_813_500 + 100 * i,
                  320_500 + 100 * i,
                  140.0 + (System.nanoTime() % 10),
                  now()));
    }
    return "{\"instruments\":2,\"units\":\"pressure (kPa)\",\"timezone\":\"UTC\",\"items\":["
        + items
        + "]}";
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
