package dev.geomonitor.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node OpenSearch ({@code integ-test-zip} distribution, only the transport-netty4
 * module) in its own process on 127.0.0.1, HTTP and transport on ports chosen at the first start in
 * a work dir and reused afterwards.
 *
 * <p>A root JVM runs the node as {@code nobody} (OpenSearch refuses root); see {@link
 * OpenSearchNodeFiles} for where its files go then. A {@link Watchdog} ends the node when the
 * launching JVM dies without stopping it.
 *
 * <pre>{@code
 * try (OpenSearchNode node = OpenSearchNode.start(tempDir)) {
 *   ... node.httpUrl() ...   // "http://127.0.0.1:PORT"
 *   node.stop();             // data kept
 *   node.start();            // same port, same data
 * }
 * }</pre>
 */
public final class OpenSearchNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpenSearchNode.class);
  private static final Pattern HEALTHY = Pattern.compile("\"status\"\\s*:\\s*\"(green|yellow)\"");

  private final Options options;
  private final NodeUser user;
  private final Path distribution;
  private final OpenSearchNodeFiles files;
  private final int httpPort;
  private final int transportPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private ChildProcess process;
  private Watchdog watchdog;

  private OpenSearchNode(Options options) {
    this.options = options;
    this.user = NodeUser.forThisProcess();
    this.distribution = OpenSearchDistribution.home(user);
    this.files = OpenSearchNodeFiles.prepare(options.workDir(), user, distribution);
    int[] ports =
        files.previousPorts().orElseGet(() -> new int[] {FreePorts.next(), FreePorts.next()});
    this.httpPort = ports[0];
    this.transportPort = ports[1];
    files.rememberPorts(httpPort, transportPort);
  }

  /** Starts a node with default options (512 MB heap), its files under {@code workDir}. */
  public static OpenSearchNode start(Path workDir) {
    return start(Options.in(workDir));
  }

  public static OpenSearchNode start(Options options) {
    OpenSearchNode node = new OpenSearchNode(options);
    node.start();
    return node;
  }

  /**
   * Starts the node again after {@link #stop()}: same data, same ports. Does nothing when it is
   * running.
   */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    Instant begin = Instant.now();
    for (int port : List.of(httpPort, transportPort)) {
      if (!FreePorts.awaitFree(port, Duration.ofSeconds(10))) {
        throw new IllegalStateException(
            "port "
                + port
                + " of the OpenSearch node in "
                + files.nodeDir()
                + " is taken by another process");
      }
    }
    process =
        ChildProcess.launch(
            "OpenSearch node in " + files.nodeDir() + " as " + user.name(),
            // Started as bin/opensearch would start it, minus its helper JVMs (see
            // OpenSearchJvmOptions).
            command(),
            environment(),
            distribution,
            files.consoleLog());
    files.recordPid(process.pid());
    watchdog =
        Watchdog.guard(
            process.pid(),
            "TERM",
            "OpenSearch " + httpUrl(),
            files.nodeDir().resolve("watchdog.log"));
    awaitHealthy(begin.plus(options.startTimeout()));
    LOG.info(
        "OpenSearch {} up in {} ms (pid {}, user {}, log {})",
        httpUrl(),
        Duration.between(begin, Instant.now()).toMillis(),
        process.pid(),
        user.name(),
        files.consoleLog());
  }

  /**
   * Graceful stop (SIGTERM, the node flushes); returns once the process has exited. Data is kept.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    watchdog.dismiss();
    process.terminate(Duration.ofSeconds(60));
    process = null;
    watchdog = null;
  }

  @Override
  public void close() {
    stop();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** {@code http://127.0.0.1:PORT}; the same across restarts. */
  public String httpUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  public int httpPort() {
    return httpPort;
  }

  /** Process id of the node JVM; fails when it is not running. */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException(
          "the OpenSearch node in " + files.nodeDir() + " is not running");
    }
    return process.pid();
  }

  /** The node's console output; its own JSON and rolling logs are in {@code logs/} beside it. */
  public Path logFile() {
    return files.consoleLog();
  }

  /**
   * Where config, data and logs are (see {@link OpenSearchNodeFiles} for why it may be outside the
   * work dir).
   */
  public Path nodeDir() {
    return files.nodeDir();
  }

  /** The account the node runs as: {@code nobody} when this JVM is root, else this JVM's user. */
  public String user() {
    return user.name();
  }

  private List<String> command() {
    List<String> command = new ArrayList<>(user.commandPrefix());
    command.add(OpenSearchJvmOptions.java());
    command.add("-Xshare:auto");
    command.addAll(OpenSearchJvmOptions.resolve(distribution, files, options.heap()));
    command.add("-Dopensearch.path.home=" + distribution);
    command.add("-Dopensearch.path.conf=" + files.configDir());
    command.add("-Dopensearch.distribution.type=zip");
    command.add("-Dopensearch.bundled_jdk=false");
    command.add("-cp");
    command.add(distribution.resolve("lib") + "/*");
    command.add("org.opensearch.bootstrap.OpenSearch");
    command.add("-Ecluster.name=geomonitor-embedded");
    command.add("-Enode.name=embedded-" + httpPort);
    command.add("-Ediscovery.type=single-node");
    command.add("-Enetwork.host=127.0.0.1");
    command.add("-Ehttp.port=" + httpPort);
    command.add("-Etransport.port=" + transportPort);
    command.add("-Epath.data=" + files.dataDir());
    command.add("-Epath.logs=" + files.logsDir());
    // A shared, nearly full build disk must not turn indexes read-only in the middle of a test.
    command.add("-Ecluster.routing.allocation.disk.threshold_enabled=false");
    options.settings().forEach((key, value) -> command.add("-E" + key + "=" + value));
    return command;
  }

  private Map<String, String> environment() {
    return Map.of(
        "OPENSEARCH_PATH_CONF", files.configDir().toString(),
        "OPENSEARCH_TMPDIR", files.tmpDir().toString());
  }

  private void awaitHealthy(Instant deadline) {
    HttpRequest health =
        HttpRequest.newBuilder(URI.create(httpUrl() + "/_cluster/health"))
            .timeout(Duration.ofSeconds(5))
            .build();
    while (true) {
      if (!process.isAlive()) {
        ChildProcess dead = process;
        process = null;
        watchdog.dismiss();
        throw new IllegalStateException(
            "OpenSearch in "
                + files.nodeDir()
                + " exited during start-up; see "
                + dead.logFile()
                + "\n"
                + dead.logTail());
      }
      if (Instant.now().isAfter(deadline)) {
        ChildProcess late = process;
        process = null;
        watchdog.dismiss();
        late.kill();
        throw new IllegalStateException(
            "OpenSearch in "
                + files.nodeDir()
                + " was not healthy within "
                + options.startTimeout()
                + "; see "
                + late.logFile()
                + "\n"
                + late.logTail());
      }
      try {
        HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && HEALTHY.matcher(response.body()).find()) {
          return;
        }
      } catch (IOException e) {
        LOG.debug("OpenSearch not answering yet: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for OpenSearch", e);
      }
      Pause.briefly();
    }
  }

  /**
   * How to run the node; {@code heap} such as {@code 512m}; {@code settings} are extra {@code -E}
   * settings.
   */
  public record Options(
      Path workDir, String heap, Map<String, String> settings, Duration startTimeout) {

    public Options {
      Objects.requireNonNull(workDir, "workDir");
      settings = Map.copyOf(settings);
    }

    public static Options in(Path workDir) {
      return new Options(workDir, "512m", Map.of(), Duration.ofSeconds(120));
    }

    public Options withHeap(String value) {
      return new Options(workDir, value, settings, startTimeout);
    }

    public Options withSettings(Map<String, String> value) {
      return new Options(workDir, heap, value, startTimeout);
    }

    public Options withStartTimeout(Duration value) {
      return new Options(workDir, heap, settings, value);
    }
  }
}
