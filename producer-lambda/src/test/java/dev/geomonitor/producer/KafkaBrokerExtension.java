package dev.geomonitor.producer;

import dev.geomonitor.embedded.KafkaBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects one real KRaft broker shared by every integration test class of the run (a broker takes seconds to start;
 * tests keep apart through unique topic names). Stopped when the run ends.
 */
final class KafkaBrokerExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(RunningBroker.class, k -> RunningBroker.start(), RunningBroker.class)
        .broker;
  }

  private record RunningBroker(KafkaBroker broker, Path dir) implements ExtensionContext.Store.CloseableResource {
    static RunningBroker start() {
      Path dir = WorkDirs.create("producer-it-kafka-");
      return new RunningBroker(KafkaBroker.start(dir), dir);
    }

    @Override
    public void close() {
      broker.close();
      WorkDirs.delete(dir);
    }
  }
}
