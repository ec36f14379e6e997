package dev.geomonitor.producer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A scripted stand-in for the source API on an ephemeral port: answers each request with the next
 * scripted reply, then with the fallback. A "hanging" reply holds the response until the stub is
 * closed, which is how a response slower than any read timeout is made without sleeping.
 */
final class StubApi implements AutoCloseable {

  record Reply(int status, String body, Map<String, String> headers, boolean hang) {
    static Reply ok(String body) {
      return new Reply(200, body, Map.of(), false);
    }

    static Reply status(int status) {
      return new Reply(status, "{\"error\":\"status " + status + "\"}", Map.of(), false);
    }

    static Reply hanging() {
      return new Reply(200, "{}", Map.of(), true);
    }

    Reply withHeader(String name, String value) {
      return new Reply(status, body, Map.of(name, value), hang);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final List<Long> arrivalNanos = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> requestHeaders =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile Reply fallback = Reply.status(500);

  private StubApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static StubApi start() throws IOException {
    return new StubApi();
  }

  StubApi then(Reply reply) {
    script.add(reply);
    return this;
  }

  StubApi otherwise(Reply reply) {
    fallback = reply;
    return this;
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  int requests() {
    return paths.size();
  }

  List<String> paths() {
    return List.copyOf(paths);
  }

  /** System.nanoTime() at each request's arrival, to measure the waits between attempts. */
  List<Long> arrivalNanos() {
    return List.copyOf(arrivalNanos);
  }

  /**
   * The request headers of each request, in arrival order (names as the client sent them,
   * lower-cased).
   */
  List<Map<String, String>> requestHeaders() {
    return List.copyOf(requestHeaders);
  }

  private void handle(HttpExchange exchange) throws IOException {
    arrivalNanos.add(System.nanoTime());
    Map<String, String> headers = new java.util.TreeMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
    requestHeaders.add(headers);
    paths.add(exchange.getRequestURI().getPath());
    Reply reply = script.poll();
    if (reply == null) {
      reply = fallback;
    }
    try (exchange) {
      if (reply.hang()) {
        awaitRelease();
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private void awaitRelease() {
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
