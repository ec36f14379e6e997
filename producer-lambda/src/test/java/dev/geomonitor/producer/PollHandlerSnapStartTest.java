package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.geomonitor.producer.StubApi.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * SnapStart snapshots what init builds and restores it in many execution environments: the
 * idempotent Kafka producer (its producer id and sequence numbers) must therefore not exist before
 * the first invocation.
 */
class PollHandlerSnapStartTest {

  @Test
  void theKafkaProducerIsMadeOnTheFirstInvocationNotAtInitAndOnlyOnce() throws Exception {
    try (StubApi api =
        StubApi.start()
            .then(Reply.ok(ApiBodies.V1_STANDPIPES))
            .then(Reply.ok(ApiBodies.V1_STANDPIPES))) {
      ProducerConfig config =
          ProducerConfig.fromSettings(
              Map.of("API_BASE_URL", api.baseUrl().toString(), "POLLS_PER_INVOCATION", "1"));
      AtomicInteger producersMade = new AtomicInteger();
      PollHandler handler =
          new PollHandler(
              () -> {
                producersMade.incrementAndGet();
                return new ProducerRuntime(
                    config,
                    new MockProducer<>(true, new StringSerializer(), new ByteArraySerializer()));
              });

      // init done (what SnapStart snapshots): no producer yet
      assertThat(producersMade).hasValue(0);

      Map<String, Object> first =
          handler.handleRequest(
              new ScheduledEvent(), new FakeLambdaContext(Duration.ofSeconds(30)));
      handler.handleRequest(new ScheduledEvent(), new FakeLambdaContext(Duration.ofSeconds(30)));

      assertThat(producersMade).hasValue(1);
      assertThat(first).containsEntry("readings", 2L);
    }
  }
}
