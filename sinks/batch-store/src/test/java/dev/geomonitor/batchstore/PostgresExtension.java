package dev.geomonitor.batchstore;

import dev.geomonitor.embedded.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a {@link BatchStoreConfig} for a database of its own (the schema names are fixed, so tests are kept
 * apart by database), on one real PostgreSQL server started once for the whole test run and stopped after it.
 */
final class PostgresExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == BatchStoreConfig.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Server server =
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(Server.class, k -> Server.start(), Server.class);
    return server.newDatabase();
  }

  static final class Server implements ExtensionContext.Store.CloseableResource {
    private final PostgresServer postgres;
    private final Path dir;

    private Server(PostgresServer postgres, Path dir) {
      this.postgres = postgres;
      this.dir = dir;
    }

    static Server start() {
      try {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "postgres-it-");
        return new Server(PostgresServer.start(dir), dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make a directory for the batch-store tests' PostgreSQL", e);
      }
    }

    BatchStoreConfig newDatabase() {
      String name = "bs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      try (Connection c = postgres.dataSource().getConnection();
          Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create test database " + name, e);
      }
      String url = postgres.jdbcUrl().substring(0, postgres.jdbcUrl().lastIndexOf('/') + 1) + name;
      return new BatchStoreConfig(url, postgres.username(), postgres.password(), "geomonitor-batch-store-test", null);
    }

    /** Stops the server and deletes its cluster: one database per test adds up to hundreds of MB a run. */
    @Override
    public void close() throws IOException {
      postgres.close();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
