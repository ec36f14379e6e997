package dev.geomonitor.embedded.testing;

import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.embedded.OpenSearchNode;
import dev.geomonitor.embedded.PostgresServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension of the integration tests: {@code @ExtendWith(TestServices.class)} and a
 * test or lifecycle method takes a {@link KafkaBroker}, {@link PostgresServer}, {@link
 * OpenSearchNode} or the whole {@link TestEnvironment} as a parameter. One environment serves the
 * whole test run (services take seconds to start) and is stopped when the run ends.
 */
public final class TestServices implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KafkaBroker.class
        || type == PostgresServer.class
        || type == OpenSearchNode.class
        || type == TestEnvironment.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestEnvironment env = environment(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == KafkaBroker.class) {
      return env.broker();
    }
    if (type == PostgresServer.class) {
      return env.postgres();
    }
    if (type == OpenSearchNode.class) {
      return env.openSearch();
    }
    return env;
  }

  /**
   * The run's environment, for extensions built on it (a database per test, a fixture of helpers).
   */
  public static TestEnvironment environment(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            Resource.class,
            k -> new Resource(TestEnvironment.create("geomonitor-it")),
            Resource.class)
        .environment();
  }

  private record Resource(TestEnvironment environment)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      environment.close();
    }
  }
}
