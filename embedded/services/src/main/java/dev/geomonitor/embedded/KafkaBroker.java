package dev.geomonitor.embedded;

import dev.geomonitor.embedded.BrokerFiles.BrokerIdentity;
import dev.geomonitor.embedded.broker.KafkaBrokerRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) in its own JVM.
 *
 * <p>Its own JVM because the broker's Kafka, Scala and Jackson jars must not meet Spark's
 * kafka-clients 3.4.1 on a test classpath. The broker listens on 127.0.0.1 only, on ports chosen at
 * the first start in a work dir and reused by every later start there, so clients configured before
 * a {@link #stop()} reconnect after {@link #start()}.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.start(tempDir)) {
 *   broker.createTopic("readings-raw-" + UUID.randomUUID(), 3);
 *   ... broker.bootstrapServers() ...
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

  private final Options options;
  private final BrokerFiles files;
  private final BrokerIdentity identity;
  private ChildProcess process;

  private KafkaBroker(Options options, BrokerFiles files, BrokerIdentity identity) {
    this.options = options;
    this.files = files;
    this.identity = identity;
  }

  /**
   * Starts a broker with default options, its data and log under {@code workDir} (created when
   * missing).
   */
  public static KafkaBroker start(Path workDir) {
    return start(Options.in(workDir));
  }

  public static KafkaBroker start(Options options) {
    BrokerFiles files = new BrokerFiles(options.workDir());
    BrokerIdentity identity =
        files
            .previousIdentity()
            .filter(previous -> files.isFormatted())
            .map(previous -> withRequestedPorts(previous, options))
            .orElseGet(
                () ->
                    BrokerFiles.newIdentity(
                        options.brokerPort() > 0 ? options.brokerPort() : FreePorts.next(),
                        options.controllerPort() > 0
                            ? options.controllerPort()
                            : FreePorts.next()));
    KafkaBroker broker = new KafkaBroker(options, files, identity);
    broker.start();
    return broker;
  }

  private static BrokerIdentity withRequestedPorts(BrokerIdentity previous, Options options) {
    return new BrokerIdentity(
        options.brokerPort() > 0 ? options.brokerPort() : previous.brokerPort(),
        options.controllerPort() > 0 ? options.controllerPort() : previous.controllerPort(),
        previous.clusterId());
  }

  /**
   * Starts this broker again after {@link #stop()} or {@link #kill()}: same work dir, same ports,
   * data kept. Does nothing when it is running.
   */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    Instant begin = Instant.now();
    files.write(identity, options.brokerProperties());
    if (!files.isFormatted()) {
      format();
    }
    awaitPortsFree();
    process =
        ChildProcess.launch(
            "Kafka broker in " + files.workDir(),
            javaCommand(List.of("kafka.Kafka", files.serverProperties().toString())),
            Map.of(),
            files.workDir(),
            files.logFile());
    awaitReady(begin.plus(options.startTimeout()));
    LOG.info(
        "Kafka broker {} up in {} ms (pid {}, log {})",
        bootstrapServers(),
        Duration.between(begin, Instant.now()).toMillis(),
        process.pid(),
        files.logFile());
  }

  /** Graceful stop (controlled shutdown); returns once the broker JVM has exited. Data is kept. */
  public synchronized void stop() {
    if (process != null) {
      process.stop(Duration.ofSeconds(30));
      process = null;
    }
  }

  /**
   * SIGKILL, as a crash would leave it; returns once the JVM is gone. {@link #start()} recovers the
   * logs.
   */
  public synchronized void kill() {
    if (process != null) {
      process.kill();
      process = null;
    }
  }

  /** Stop then start, on the same dir and ports. */
  public synchronized void restart() {
    stop();
    start();
  }

  @Override
  public void close() {
    stop();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** {@code 127.0.0.1:PORT}; the same across restarts. */
  public String bootstrapServers() {
    return "127.0.0.1:" + identity.brokerPort();
  }

  /** Process id of the broker JVM; fails when it is not running. */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("the Kafka broker in " + files.workDir() + " is not running");
    }
    return process.pid();
  }

  public Path logFile() {
    return files.logFile();
  }

  public Path workDir() {
    return files.workDir();
  }

  /** Creates a topic (replication 1) and returns once every partition has a leader. */
  public void createTopic(String name, int partitions) {
    createTopics(Map.of(name, partitions));
  }

  /**
   * Creates topics (name to partition count, replication 1) and returns once every partition has a
   * leader.
   */
  public void createTopics(Map<String, Integer> partitionsByTopic) {
    List<NewTopic> topics = new ArrayList<>();
    partitionsByTopic.forEach(
        (name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
      Instant deadline = Instant.now().plusSeconds(30);
      while (!allPartitionsLed(admin, partitionsByTopic)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "topics "
                  + partitionsByTopic.keySet()
                  + " have partitions without a leader after 30 s; see "
                  + logFile());
        }
        Pause.briefly();
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot create topics "
              + partitionsByTopic
              + " on "
              + bootstrapServers()
              + "; see "
              + logFile(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while creating topics " + partitionsByTopic.keySet(), e);
    }
  }

  /**
   * Runs Kafka's own producer benchmark (org.apache.kafka.tools.ProducerPerformance, same release
   * as the broker) in a separate JVM against this broker; the topic must exist.
   */
  public ProducerPerformance.Result runProducerPerformance(ProducerPerformance.Run run) {
    return new ProducerPerformance(this::javaCommand, bootstrapServers(), files.workDir())
        .execute(run);
  }

  private boolean allPartitionsLed(Admin admin, Map<String, Integer> partitionsByTopic)
      throws InterruptedException, TimeoutException {
    try {
      Map<String, TopicDescription> described =
          admin
              .describeTopics(partitionsByTopic.keySet())
              .allTopicNames()
              .get(10, TimeUnit.SECONDS);
      return described.values().stream()
          .allMatch(
              d ->
                  d.partitions().size() == partitionsByTopic.get(d.name())
                      && d.partitions().stream()
                          .map(TopicPartitionInfo::leader)
                          .allMatch(Objects::nonNull));
    } catch (ExecutionException e) {
      // The broker may not know a just-created topic yet (UnknownTopicOrPartition): ask again.
      LOG.debug("topics not described yet: {}", e.getCause().toString());
      return false;
    }
  }

  private void format() {
    ChildProcess formatter =
        ChildProcess.launch(
            "Kafka storage format in " + files.workDir(),
            javaCommand(
                List.of(
                    "kafka.tools.StorageTool",
                    "format",
                    "--ignore-formatted",
                    "--cluster-id",
                    identity.clusterId(),
                    "--config",
                    files.serverProperties().toString())),
            Map.of(),
            files.workDir(),
            files.workDir().resolve("storage-format.log"));
    int exit = formatter.awaitExit(Duration.ofSeconds(60));
    if (exit != 0) {
      throw new IllegalStateException(
          "formatting Kafka storage in "
              + files.dataDir()
              + " failed (exit "
              + exit
              + "); see "
              + formatter.logFile()
              + "\n"
              + formatter.logTail());
    }
  }

  private void awaitPortsFree() {
    for (int port : List.of(identity.brokerPort(), identity.controllerPort())) {
      if (!FreePorts.awaitFree(port, Duration.ofSeconds(10))) {
        throw new IllegalStateException(
            "port "
                + port
                + " of the Kafka broker in "
                + files.workDir()
                + " is taken by another process; stop it, or start the broker in a new work dir");
      }
    }
  }

  private void awaitReady(Instant deadline) {
    while (!FreePorts.accepts(identity.brokerPort())) {
      failIfDeadOrLate(deadline);
      Pause.briefly();
    }
    try (Admin admin = admin()) {
      while (true) {
        failIfDeadOrLate(deadline);
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          LOG.debug("broker not ready yet: {}", e.toString());
        }
        Pause.briefly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
    }
  }

  private void failIfDeadOrLate(Instant deadline) {
    if (!process.isAlive()) {
      ChildProcess dead = process;
      process = null;
      throw new IllegalStateException(
          "the Kafka broker in "
              + files.workDir()
              + " exited during start-up; see "
              + dead.logFile()
              + "\n"
              + dead.logTail());
    }
    if (Instant.now().isAfter(deadline)) {
      ChildProcess late = process;
      process = null;
      late.kill();
      throw new IllegalStateException(
          "the Kafka broker in "
              + files.workDir()
              + " was not ready within "
              + options.startTimeout()
              + "; see "
              + late.logFile()
              + "\n"
              + late.logTail());
    }
  }

  private Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    return Admin.create(props);
  }

  /** {@code java} of the running JDK, parent-bound, with the broker's classpath and heap. */
  private List<String> javaCommand(List<String> mainAndArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + options.maxHeap());
    command.add("-Xms64m");
    command.add("-XX:+UseG1GC");
    command.add("-Djava.awt.headless=true");
    // ProducerPerformance prints figures with %f: keep the decimal point a point whatever the
    // machine's locale.
    command.add("-Duser.language=en");
    command.add("-Duser.country=US");
    command.add("-Dlog4j.configuration=" + files.log4jProperties().toUri());
    command.add("-cp");
    command.add(
        KafkaBrokerRuntime.classpath().stream()
            .map(Path::toString)
            .collect(Collectors.joining(":")));
    command.add(KafkaBrokerRuntime.PARENT_BOUND_MAIN);
    command.addAll(mainAndArgs);
    return command;
  }

  /**
   * How to run the broker. {@code brokerPort}/{@code controllerPort} 0 pick free ports at the first
   * start in the work dir (later starts reuse them); {@code maxHeap} is a JVM size such as {@code
   * 512m}.
   */
  public record Options(
      Path workDir,
      String maxHeap,
      int brokerPort,
      int controllerPort,
      Map<String, String> brokerProperties,
      Duration startTimeout) {

    public Options {
      Objects.requireNonNull(workDir, "workDir");
      brokerProperties = Map.copyOf(brokerProperties);
    }

    public static Options in(Path workDir) {
      return new Options(workDir, "512m", 0, 0, Map.of(), Duration.ofSeconds(60));
    }

    public Options withMaxHeap(String heap) {
      return new Options(workDir, heap, brokerPort, controllerPort, brokerProperties, startTimeout);
    }

    public Options withPorts(int broker, int controller) {
      return new Options(workDir, maxHeap, broker, controller, brokerProperties, startTimeout);
    }

    /** Extra server.properties entries; they override the launcher's defaults. */
    public Options withBrokerProperties(Map<String, String> props) {
      return new Options(workDir, maxHeap, brokerPort, controllerPort, props, startTimeout);
    }

    public Options withStartTimeout(Duration timeout) {
      return new Options(workDir, maxHeap, brokerPort, controllerPort, brokerProperties, timeout);
    }
  }
}
