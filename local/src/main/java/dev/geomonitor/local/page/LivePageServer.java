package dev.geomonitor.local.page;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.geomonitor.alarms.AlarmApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live page that stands in for OpenSearch Dashboards locally: the static page, Chart.js from
 * its webjar and the {@link PageApi} JSON endpoints, on the JDK's HTTP server (no web framework to
 * clash with Spark's jars).
 *
 * <pre>{@code
 * LivePageServer page = LivePageServer.start(new InetSocketAddress("127.0.0.1", 0), api);
 * System.out.println("open " + page.url());
 * ...
 * page.stop();
 * }</pre>
 */
public final class LivePageServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LivePageServer.class);
  private static final String STATIC_ROOT = "/dev/geomonitor/local/page/static/";
  private static final Pattern STATIC_NAME = Pattern.compile("[a-z0-9-]+\\.(html|js|css|svg)");
  private static final String CHART_JS_PROPERTIES =
      "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";

  /**
   * The path the page loads Chart.js from; the server maps it to whichever webjar version is on the
   * classpath.
   */
  public static final String CHART_JS_PATH = "/vendor/chart.umd.js";

  private static final int MAX_ALARM_BODY = 16 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final String chartJsResource;

  private LivePageServer(HttpServer server, ExecutorService executor, String chartJsResource) {
    this.server = server;
    this.executor = executor;
    this.chartJsResource = chartJsResource;
  }

  /** Binds {@code address} (port 0: an ephemeral port) and starts serving. */
  public static LivePageServer start(InetSocketAddress address, PageApi api) {
    return start(address, api, null);
  }

  /**
   * As above, with the alarm API under {@code /api/alarms} (null: answered 404, alarms not
   * running).
   */
  public static LivePageServer start(InetSocketAddress address, PageApi api, AlarmApi alarms) {
    Objects.requireNonNull(api, "api");
    String chartJs = chartJsResource();
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot bind the live page to " + address + ": is the port in use?", e);
    }
    // Two threads: the page asks for five endpoints every few seconds, nothing more.
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "live-page");
              t.setDaemon(true);
              return t;
            });
    LivePageServer page = new LivePageServer(server, executor, chartJs);
    server.createContext("/api/", exchange -> page.serveApi(exchange, api));
    server.createContext("/api/alarms", exchange -> page.serveAlarms(exchange, alarms));
    // The review levels and rate triggers are served by the alarm API too (same JSON POST rules).
    server.createContext("/api/levels", exchange -> page.serveAlarms(exchange, alarms));
    server.createContext("/api/rate-triggers", exchange -> page.serveAlarms(exchange, alarms));
    server.createContext("/", page::serveStatic);
    server.setExecutor(executor);
    server.start();
    LOG.info("live page at {}", page.url());
    return page;
  }

  public URI url() {
    InetSocketAddress a = server.getAddress();
    String host =
        a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    return URI.create("http://" + host + ":" + a.getPort() + "/");
  }

  public void stop() {
    server.stop(0);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("live page threads still running 5 s after stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void serveApi(HttpExchange exchange, PageApi api) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        send(
            exchange,
            405,
            "application/json",
            "{\"error\":\"only GET\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      PageResponse response;
      try {
        response =
            api.handle(exchange.getRequestURI().getPath(), queryParams(exchange.getRequestURI()));
      } catch (RuntimeException e) {
        // An unexpected failure still answers (and is logged with its stack): a silent dropped
        // connection would
        // leave the page spinning with no hint.
        LOG.error("live page API {} failed", exchange.getRequestURI(), e);
        response =
            PageResponse.json(
                500,
                ("{\"error\":\"internal error: "
                        + e.getClass().getSimpleName()
                        + "; see the runner's log\"}")
                    .getBytes(StandardCharsets.UTF_8));
      }
      send(exchange, response.status(), "application/json", response.body());
    }
  }

  private void serveAlarms(HttpExchange exchange, AlarmApi alarms) throws IOException {
    try (exchange) {
      if (alarms == null) {
        send(
            exchange,
            404,
            "application/json",
            "{\"error\":\"alarms are not running in this process\"}"
                .getBytes(StandardCharsets.UTF_8));
        return;
      }
      String method = exchange.getRequestMethod();
      byte[] body = new byte[0];
      if ("POST".equals(method)) {
        // A JSON content type cannot be sent cross-origin without a CORS preflight, which this
        // server never grants:
        // another web page open in the engineer's browser cannot acknowledge alarms behind their
        // back.
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null
            || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
          send(
              exchange,
              415,
              "application/json",
              "{\"error\":\"send Content-Type: application/json\"}"
                  .getBytes(StandardCharsets.UTF_8));
          return;
        }
        body = exchange.getRequestBody().readNBytes(MAX_ALARM_BODY + 1);
      }
      AlarmApi.Answer answer;
      try {
        answer =
            alarms.handle(
                method,
                exchange.getRequestURI().getPath(),
                queryParams(exchange.getRequestURI()),
                body);
      } catch (RuntimeException e) {
        LOG.error("alarm API {} {} failed", method, exchange.getRequestURI(), e);
        answer =
            new AlarmApi.Answer(
                500,
                ("{\"error\":\"internal error: "
                        + e.getClass().getSimpleName()
                        + "; see the runner's log\"}")
                    .getBytes(StandardCharsets.UTF_8));
      }
      send(exchange, answer.status(), "application/json", answer.body());
    }
  }

  private void serveStatic(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String resource;
      String type;
      if (path.equals("/") || path.equals("/index.html")) {
        resource = STATIC_ROOT + "index.html";
        type = "text/html; charset=utf-8";
      } else if (path.equals(CHART_JS_PATH)) {
        resource = chartJsResource;
        type = "text/javascript; charset=utf-8";
      } else if (path.startsWith("/static/") && STATIC_NAME.matcher(path.substring(8)).matches()) {
        resource = STATIC_ROOT + path.substring(8);
        type = contentType(path);
      } else {
        send(exchange, 404, "text/plain", ("not found: " + path).getBytes(StandardCharsets.UTF_8));
        return;
      }
      try (InputStream in = LivePageServer.class.getResourceAsStream(resource)) {
        if (in == null) {
          send(
              exchange, 404, "text/plain", ("not found: " + path).getBytes(StandardCharsets.UTF_8));
          return;
        }
        send(exchange, 200, type, in.readAllBytes());
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static Map<String, String> queryParams(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    String query = uri.getRawQuery();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  private static String contentType(String path) {
    if (path.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (path.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (path.endsWith(".svg")) {
      return "image/svg+xml";
    }
    return "text/html; charset=utf-8";
  }

  private static String chartJsResource() {
    try (InputStream in = LivePageServer.class.getResourceAsStream(CHART_JS_PROPERTIES)) {
      if (in == null) {
        throw new IllegalStateException(
            "Chart.js is not on the classpath ("
                + CHART_JS_PROPERTIES
                + " missing):"
                + " add the dependency org.webjars.npm:chart.js to the module that starts the live page");
      }
      Properties p = new Properties();
      p.load(in);
      return "/META-INF/resources/webjars/chart.js/"
          + p.getProperty("version")
          + "/dist/chart.umd.js";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CHART_JS_PROPERTIES, e);
    }
  }
}
