package dev.geomonitor.deploy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for OpenSearch Dashboards (which cannot run here): a JDK HttpServer on an ephemeral
 * port that records every request and answers from a queue of canned replies.
 */
final class StubDashboards implements AutoCloseable {
  record Received(
      String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> String.join(",", e.getValue()))
          .findFirst()
          .orElse(null);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  record Reply(int status, String body) {}

  final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Reply> replies = new ArrayDeque<>();
  private final HttpServer server;

  StubDashboards() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().toString(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  body));
          Reply reply;
          synchronized (replies) {
            reply =
                replies.isEmpty()
                    ? new Reply(200, "{\"success\":true,\"successCount\":1}")
                    : replies.poll();
          }
          byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(reply.status(), out.length);
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
          }
        });
    server.start();
  }

  StubDashboards answer(int status, String body) {
    synchronized (replies) {
      replies.add(new Reply(status, body));
    }
    return this;
  }

  /** Like the domain's {@code https://host/_dashboards}. */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/_dashboards");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
