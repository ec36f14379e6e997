package dev.geomonitor.embedded;

import java.nio.file.Path;

/**
 * Main of a throw-away JVM for {@link NoOrphansIT}: starts the three services in {@code args[0]},
 * prints their pids and waits to be killed.
 */
public final class ServicesHost {

  private ServicesHost() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
    PostgresServer postgres = PostgresServer.start(dir.resolve("postgres"));
    OpenSearchNode node = OpenSearchNode.start(dir.resolve("opensearch"));
    System.out.println("PIDS " + broker.pid() + " " + postgres.pid() + " " + node.pid());
    System.out.flush();
    Thread.currentThread().join();
  }
}
