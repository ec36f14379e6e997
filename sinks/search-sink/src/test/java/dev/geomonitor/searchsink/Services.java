package dev.geomonitor.searchsink;

import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.embedded.OpenSearchNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Kafka broker and one real OpenSearch node for all integration tests of this module, started on first use
 * and stopped when the test run ends. Tests keep apart by unique topic and index-prefix names ({@link #unique}).
 */
final class Services implements ExtensionContext.Store.CloseableResource {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  final KafkaBroker broker;
  final OpenSearchNode openSearch;

  private Services(KafkaBroker broker, OpenSearchNode openSearch) {
    this.broker = broker;
    this.openSearch = openSearch;
  }

  private static Services start() {
    try {
      Path work = Files.createTempDirectory("search-sink-it-");
      KafkaBroker broker = startBroker(work);
      try {
        return new Services(broker, OpenSearchNode.start(work.resolve("opensearch")));
      } catch (RuntimeException e) {
        broker.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the integration-test work dir", e);
    }
  }

  /**
   * Retries in a fresh directory: the launcher occasionally fails to format storage (a generated cluster id that
   * begins with '-' is read by kafka-storage as an option); reported to the embedded-services owner.
   */
  private static KafkaBroker startBroker(Path work) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        return KafkaBroker.start(work.resolve("kafka-" + attempt));
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw last;
  }

  /** A lower-case name unique in this run, e.g. {@code t3-} for index prefixes and topics. */
  static String unique(String stem) {
    return stem + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100_000, 36);
  }

  @Override
  public void close() {
    try {
      openSearch.close();
    } finally {
      broker.close();
    }
  }

  /** Resolves a {@code Services} parameter of test methods and lifecycle methods from the run-wide store. */
  static final class Resolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Services.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(Services.class, k -> Services.start(), Services.class);
    }
  }
}
