package dev.geomonitor.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The files a broker keeps in its work dir: its ports (so a later start on the same dir listens
 * where clients already point), the KRaft cluster id, server.properties, log4j.properties, the data
 * and the log.
 */
final class BrokerFiles {

  private final Path workDir;

  BrokerFiles(Path workDir) {
    this.workDir = workDir.toAbsolutePath();
  }

  Path workDir() {
    return workDir;
  }

  Path dataDir() {
    return workDir.resolve("kraft-data");
  }

  Path serverProperties() {
    return workDir.resolve("server.properties");
  }

  Path log4jProperties() {
    return workDir.resolve("log4j.properties");
  }

  Path logFile() {
    return workDir.resolve("broker.log");
  }

  private Path identityFile() {
    return workDir.resolve("broker-identity.properties");
  }

  /**
   * True once storage was formatted: a later start must not format again (it would refuse, data
   * present).
   */
  boolean isFormatted() {
    return Files.exists(dataDir().resolve("meta.properties"));
  }

  /** Ports and cluster id of an earlier broker in this dir, if any. */
  Optional<BrokerIdentity> previousIdentity() {
    Path file = identityFile();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return Optional.of(
        new BrokerIdentity(
            Integer.parseInt(props.getProperty("broker.port")),
            Integer.parseInt(props.getProperty("controller.port")),
            props.getProperty("cluster.id")));
  }

  void write(BrokerIdentity identity, Map<String, String> extraBrokerProperties) {
    Properties id = new Properties();
    id.setProperty("broker.port", Integer.toString(identity.brokerPort()));
    id.setProperty("controller.port", Integer.toString(identity.controllerPort()));
    id.setProperty("cluster.id", identity.clusterId());
    store(id, identityFile());

    Map<String, String> server = new TreeMap<>();
    server.put("process.roles", "broker,controller");
    server.put("node.id", "1");
    server.put("controller.quorum.voters", "1@127.0.0.1:" + identity.controllerPort());
    server.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + identity.brokerPort()
            + ",CONTROLLER://127.0.0.1:"
            + identity.controllerPort());
    server.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + identity.brokerPort());
    server.put("controller.listener.names", "CONTROLLER");
    server.put("inter.broker.listener.name", "PLAINTEXT");
    server.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    server.put("log.dirs", dataDir().toString());
    server.put("num.partitions", "1");
    server.put("default.replication.factor", "1");
    server.put("offsets.topic.replication.factor", "1");
    server.put("offsets.topic.num.partitions", "5");
    server.put("transaction.state.log.replication.factor", "1");
    server.put("transaction.state.log.min.isr", "1");
    server.put("transaction.state.log.num.partitions", "5");
    server.put("min.insync.replicas", "1");
    server.put("auto.create.topics.enable", "false");
    // A consumer group in a test must not wait 3 s for peers that will never come.
    server.put("group.initial.rebalance.delay.ms", "0");
    // After a kill the controller waits for the dead incarnation's session to expire before the new
    // one may join
    // (9 s by default, 13 s measured): shorter sessions make crash-recovery tests start in ~4 s.
    server.put("broker.heartbeat.interval.ms", "500");
    server.put("broker.session.timeout.ms", "3000");
    server.putAll(extraBrokerProperties);
    Properties serverProps = new Properties();
    serverProps.putAll(server);
    store(serverProps, serverProperties());

    Properties log4j = new Properties();
    log4j.setProperty("log4j.rootLogger", "WARN, stdout");
    log4j.setProperty("log4j.appender.stdout", "org.apache.log4j.ConsoleAppender");
    log4j.setProperty("log4j.appender.stdout.layout", "org.apache.log4j.PatternLayout");
    log4j.setProperty("log4j.appender.stdout.layout.ConversionPattern", "[%d] %p %m (%c)%n");
    // Start-up and shut-down milestones stay visible in broker.log.
    log4j.setProperty("log4j.logger.kafka.server.KafkaRaftServer", "INFO");
    log4j.setProperty("log4j.logger.kafka.server.BrokerServer", "INFO");
    store(log4j, log4jProperties());
  }

  static BrokerIdentity newIdentity(int brokerPort, int controllerPort) {
    return new BrokerIdentity(brokerPort, controllerPort, newClusterId());
  }

  /**
   * KRaft wants a base64url UUID of 22 characters, as `kafka-storage random-uuid` prints. Like
   * Kafka's own generator, never one starting with '-': the storage tool's argument parser would
   * take it for an option (1 start in 64).
   */
  static String newClusterId() {
    String id;
    do {
      id = randomBase64Uuid();
    } while (id.startsWith("-"));
    return id;
  }

  private static String randomBase64Uuid() {
    UUID uuid = UUID.randomUUID();
    byte[] bytes = new byte[16];
    long most = uuid.getMostSignificantBits();
    long least = uuid.getLeastSignificantBits();
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (most >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (least >>> (56 - 8 * i));
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void store(Properties props, Path file) {
    try {
      Files.createDirectories(file.getParent());
      try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        props.store(writer, "written by dev.geomonitor.embedded.KafkaBroker");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  record BrokerIdentity(int brokerPort, int controllerPort, String clusterId) {}
}
