package dev.geomonitor.embedded.testing;

import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.embedded.OpenSearchNode;
import dev.geomonitor.embedded.PostgresServer;
import dev.geomonitor.embedded.Shutdown;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The real services integration tests run against: one Kafka broker (in its own JVM), one
 * PostgreSQL server and one OpenSearch node, each started on first use and stopped, with its files,
 * by {@link #close()}. Tests keep apart by {@link UniqueNames} (topics, databases, index prefixes),
 * not by services of their own.
 */
public final class TestEnvironment implements AutoCloseable {
  private final Path work;
  private KafkaBroker broker;
  private PostgresServer postgres;
  private OpenSearchNode openSearch;

  private TestEnvironment(Path work) {
    this.work = work;
  }

  /** An environment in a fresh temporary directory; nothing runs until asked for. */
  public static TestEnvironment create(String name) {
    try {
      return new TestEnvironment(Files.createTempDirectory(name + "-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the test environment's directory", e);
    }
  }

  public synchronized KafkaBroker broker() {
    if (broker == null) {
      broker = KafkaBroker.start(work.resolve("kafka"));
    }
    return broker;
  }

  public synchronized PostgresServer postgres() {
    if (postgres == null) {
      postgres = PostgresServer.start(work.resolve("postgres"));
    }
    return postgres;
  }

  public synchronized OpenSearchNode openSearch() {
    if (openSearch == null) {
      openSearch = OpenSearchNode.start(work.resolve("opensearch"));
    }
    return openSearch;
  }

  /**
   * Stops what was started and deletes the directory (one database per test adds up to hundreds of
   * MB a run).
   */
  @Override
  public synchronized void close() {
    Shutdown.closeAll("the test environment", openSearch, postgres, broker);
    try (Stream<Path> paths = Files.walk(work)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + work, e);
    }
  }
}
