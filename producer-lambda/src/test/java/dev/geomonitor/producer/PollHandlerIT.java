package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.embedded.testing.TestServices;
import dev.geomonitor.simulator.Faults;
import dev.geomonitor.simulator.SimulatorConfig;
import dev.geomonitor.simulator.SimulatorServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Lambda handler, invoked as EventBridge would, producing to a real broker from the real
 * simulator.
 */
@ExtendWith(TestServices.class)
class PollHandlerIT {
  private static final ScheduledEvent EVENT =
      EventLoader.loadScheduledEvent("events/scheduled-event.json");

  private static SimulatorServer simulator(Faults faults) {
    return SimulatorServer.start(
        SimulatorConfig.defaults()
            .withSeed(42)
            .withInstrumentsPerType(20)
            .withPort(0)
            .withFaults(faults));
  }

  /**
   * The producer runtime the handler uses, polling {@code sim} into {@code topics} with {@code
   * overrides}.
   */
  private static ProducerRuntime runtime(
      SimulatorServer sim, KafkaBroker broker, Topics topics, Map<String, String> overrides) {
    return ProducerRuntime.start(
        ProducerConfig.fromSettings(ProducerIT.settings(sim.baseUrl(), broker, topics, overrides)));
  }

  @Test
  void scheduledInvocationRunsTheConfiguredPollsAndReturnsTheirCounts(KafkaBroker broker)
      throws Exception {
    Topics topics = ProducerIT.freshTopics(broker);
    try (SimulatorServer sim = simulator(Faults.none());
        ProducerRuntime runtime =
            runtime(
                sim,
                broker,
                topics,
                Map.of(
                    "POLLS_PER_INVOCATION",
                    "3",
                    "POLL_INTERVAL",
                    "PT0.3S",
                    "LAMBDA_SAFETY_MARGIN",
                    "PT1S"))) {
      // Given the fixture event and 30 s of invocation time
      assertThat(EVENT.getSource()).isEqualTo("aws.events");

      // When the handler is invoked
      Map<String, Object> summary =
          new PollHandler(runtime)
              .handleRequest(EVENT, new FakeLambdaContext(Duration.ofSeconds(30)));

      // Then three polls ran and their counts match what the simulator served and the topic holds
      long served = sim.stats().itemsServed();
      assertThat(served).isPositive();
      assertThat(summary)
          .containsEntry("polls", 3)
          .containsEntry("readings", served)
          .containsEntry("rejected", 0L)
          .containsEntry("errors", 0L)
          .containsEntry("stopped_early", false);
      assertThat(TopicContents.readAll(broker.bootstrapServers(), topics.raw()))
          .hasSize((int) served);
    }
  }

  @Test
  void pollsStopBeforeTheInvocationRunsOutOfTime(KafkaBroker broker) throws Exception {
    Topics topics = ProducerIT.freshTopics(broker);
    try (SimulatorServer sim = simulator(Faults.none());
        ProducerRuntime runtime =
            runtime(
                sim,
                broker,
                topics,
                Map.of(
                    "POLLS_PER_INVOCATION",
                    "10",
                    "POLL_INTERVAL",
                    "PT1S",
                    "HTTP_READ_TIMEOUT",
                    "PT0.5S",
                    "LAMBDA_SAFETY_MARGIN",
                    "PT1S"))) {
      // Given 10 polls a second apart but only 3.5 s of invocation time
      FakeLambdaContext context = new FakeLambdaContext(Duration.ofMillis(3_500));

      Map<String, Object> summary = new PollHandler(runtime).handleRequest(EVENT, context);

      // Then it stopped early, leaving at least the safety margin unused, with every started poll
      // published
      assertThat(summary).containsEntry("stopped_early", true);
      assertThat((Integer) summary.get("polls")).isBetween(1, 3);
      assertThat(context.getRemainingTimeInMillis()).isGreaterThanOrEqualTo(900);
      assertThat(TopicContents.readAll(broker.bootstrapServers(), topics.raw()))
          .hasSize((int) sim.stats().itemsServed());
    }
  }

  @Test
  void anInvocationThatCouldPublishNothingFailsLoudly(KafkaBroker broker) {
    Topics topics = ProducerIT.freshTopics(broker);
    try (SimulatorServer sim = simulator(Faults.none().withInternalErrorRate(1.0));
        ProducerRuntime runtime =
            runtime(
                sim,
                broker,
                topics,
                Map.of(
                    "POLLS_PER_INVOCATION",
                    "2",
                    "POLL_INTERVAL",
                    "PT0.1S",
                    "HTTP_MAX_ATTEMPTS",
                    "2"))) {
      PollHandler handler = new PollHandler(runtime);

      assertThatThrownBy(
              () -> handler.handleRequest(EVENT, new FakeLambdaContext(Duration.ofSeconds(30))))
          .isInstanceOf(PollFailedException.class)
          .hasMessageContaining("published anything")
          .hasMessageContaining("errors=2");
    }
  }
}
