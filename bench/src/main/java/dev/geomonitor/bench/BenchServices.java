package dev.geomonitor.bench;

import dev.geomonitor.domain.Topics;
import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.embedded.OpenSearchNode;
import dev.geomonitor.embedded.PostgresServer;
import dev.geomonitor.embedded.Shutdown;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The embedded services every stage runs against, each in its own process, started once per bench.
 */
public final class BenchServices implements AutoCloseable {
  private final KafkaBroker kafka;
  private final PostgresServer postgres;
  private final OpenSearchNode openSearch;

  private BenchServices(KafkaBroker kafka, PostgresServer postgres, OpenSearchNode openSearch) {
    this.kafka = kafka;
    this.postgres = postgres;
    this.openSearch = openSearch;
  }

  /**
   * Starts Kafka, PostgreSQL and (when {@code withOpenSearch}) OpenSearch under {@code workDir}.
   */
  public static BenchServices start(Path workDir, boolean withOpenSearch) {
    KafkaBroker kafka = KafkaBroker.start(workDir.resolve("kafka"));
    PostgresServer postgres = null;
    try {
      postgres = PostgresServer.start(workDir.resolve("postgres"));
      OpenSearchNode openSearch =
          withOpenSearch ? OpenSearchNode.start(workDir.resolve("opensearch")) : null;
      return new BenchServices(kafka, postgres, openSearch);
    } catch (RuntimeException e) {
      if (postgres != null) {
        postgres.close();
      }
      kafka.close();
      throw e;
    }
  }

  public KafkaBroker kafka() {
    return kafka;
  }

  public PostgresServer postgres() {
    return postgres;
  }

  public OpenSearchNode openSearch() {
    if (openSearch == null) {
      throw new IllegalStateException(
          "OpenSearch was not started: the selected stages do not need it");
    }
    return openSearch;
  }

  public boolean hasOpenSearch() {
    return openSearch != null;
  }

  /**
   * The job's five topics under a prefix no other run uses, created with {@code partitions} each.
   */
  public Topics createTopics(String run, int partitions) {
    Topics topics =
        Topics.DEFAULT.withPrefix(
            "bench-" + run + "-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    Map<String, Integer> all = new LinkedHashMap<>();
    topics.all().forEach(t -> all.put(t, partitions));
    kafka.createTopics(all);
    RawTopic.awaitLeaders(kafka.bootstrapServers(), topics.all());
    return topics;
  }

  /**
   * A new, empty database (each run writes its own, so no run upserts over an earlier one) and its
   * JDBC URL.
   */
  public String createDatabase(String name) {
    try (Connection c = postgres.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + name;
  }

  /** Peak RSS of each service process that is running. */
  public Map<String, Long> peakRss() {
    Map<String, Long> out = new LinkedHashMap<>();
    put(out, "Kafka broker", PeakRss.of(kafka.pid()));
    put(out, "PostgreSQL (postmaster)", PeakRss.of(postgres.pid()));
    if (openSearch != null) {
      put(out, "OpenSearch node", PeakRss.of(openSearch.pid()));
    }
    return out;
  }

  private static void put(Map<String, Long> out, String name, OptionalLong bytes) {
    bytes.ifPresent(b -> out.put(name, b));
  }

  @Override
  public void close() {
    Shutdown.closeAll("the bench services", openSearch, postgres, kafka);
  }
}
