package dev.geomonitor.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated API over HTTP (the JDK's built-in server: no framework needed for a handful of
 * GETs).
 *
 * <pre>{@code
 * try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults().withSeed(7))) {
 *   String url = sim.baseUrl() + "/params/water_standpipe/";
 * }
 * }</pre>
 */
public final class SimulatorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatorServer.class);

  /** Enough for a producer polling every endpoint at once while slow responses hold threads. */
  private static final int THREADS = 8;

  private final SourceApi api;
  private final HttpServer server;
  private final ExecutorService executor;

  private SimulatorServer(SourceApi api, HttpServer server, ExecutorService executor) {
    this.api = api;
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving on the configured address and port (0 = ephemeral); returns once the socket is
   * bound.
   */
  public static SimulatorServer start(SimulatorConfig config) {
    SourceApi api = new SourceApi(config);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on "
              + config.bindAddress()
              + ":"
              + config.port()
              + " (is the port in use? pass port 0 for a free one)",
          e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
    server.setExecutor(executor);
    server.createContext("/", exchange -> serve(api, exchange));
    server.start();
    SimulatorServer sim = new SimulatorServer(api, server, executor);
    LOG.info(
        "simulator serving API {} at {} (seed {}, {} instruments per type, scenario start {})",
        config.apiVersion(),
        sim.baseUrl(),
        config.seed(),
        config.instrumentsPerType(),
        api.scenarioStart());
    return sim;
  }

  /** {@code http://127.0.0.1:PORT}: the loopback address, whatever the bind address. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public SimulatorStats stats() {
    return api.stats();
  }

  public Faults faults() {
    return api.faults();
  }

  /** Switches faults at runtime; applies from the next request. */
  public void setFaults(Faults faults) {
    api.setFaults(faults);
  }

  /**
   * When the scenario started (the config's start, or when this server started), to whole
   * milliseconds.
   */
  public Instant scenarioStart() {
    return api.scenarioStart();
  }

  /** The generated site: which instruments exist and the role each plays. */
  public Site site() {
    return api.site();
  }

  public SourceApi api() {
    return api;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void serve(SourceApi api, HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      ApiReply reply =
          api.handle(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body);
      if (!reply.delay().isZero()) {
        try {
          Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
          // Closing the server interrupts its threads: give up on this answer and keep the flag for
          // the pool.
          Thread.currentThread().interrupt();
          return;
        }
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "simulator-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
