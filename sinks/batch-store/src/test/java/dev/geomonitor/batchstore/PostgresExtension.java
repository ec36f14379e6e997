package dev.geomonitor.batchstore;

import dev.geomonitor.embedded.PostgresServer;
import dev.geomonitor.embedded.testing.TestServices;
import dev.geomonitor.embedded.testing.UniqueNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a {@link BatchStoreConfig} for a database of its own (the schema names are fixed, so
 * tests are kept apart by database), on the PostgreSQL server of the run's one test environment
 * ({@link TestServices}).
 */
final class PostgresExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == BatchStoreConfig.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return newDatabase(TestServices.environment(context).postgres());
  }

  private static BatchStoreConfig newDatabase(PostgresServer postgres) {
    String name = UniqueNames.database("bs_");
    try (Connection c = postgres.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    String url = postgres.jdbcUrl().substring(0, postgres.jdbcUrl().lastIndexOf('/') + 1) + name;
    return new BatchStoreConfig(
        url, postgres.username(), postgres.password(), "geomonitor-batch-store-test", null, null);
  }
}
