package dev.geomonitor.searchsink;

import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.embedded.OpenSearchNode;
import dev.geomonitor.embedded.testing.TestEnvironment;
import dev.geomonitor.embedded.testing.TestServices;
import dev.geomonitor.embedded.testing.UniqueNames;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The broker and the OpenSearch node of the run's one {@link TestEnvironment}, as this module's
 * tests name them. Tests keep apart by unique topic and index-prefix names ({@link #unique}).
 */
final class Services {
  final KafkaBroker broker;
  final OpenSearchNode openSearch;

  private Services(TestEnvironment env) {
    this.broker = env.broker();
    this.openSearch = env.openSearch();
  }

  /** A lower-case name unique in this run, for index prefixes and topics. */
  static String unique(String stem) {
    return UniqueNames.unique(stem);
  }

  /**
   * Resolves a {@code Services} parameter of test methods and lifecycle methods from the run's
   * environment.
   */
  static final class Resolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Services.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return new Services(TestServices.environment(context));
    }
  }
}
