package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.RawReading;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.embedded.testing.TestServices;
import dev.geomonitor.simulator.Faults;
import dev.geomonitor.simulator.SimulatorConfig;
import dev.geomonitor.simulator.SimulatorServer;
import dev.geomonitor.simulator.SimulatorStats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The poll cycle against the real simulator and a real broker, clean and with the API's faults
 * switched on.
 */
@ExtendWith(TestServices.class)
class SimulatorPollingIT {
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private SimulatorServer simulator(String apiVersion, Faults faults) {
    SimulatorServer sim =
        SimulatorServer.start(
            SimulatorConfig.defaults()
                .withSeed(42)
                .withInstrumentsPerType(20)
                .withApiVersion(apiVersion)
                .withPort(0)
                .withFaults(faults));
    opened.add(sim);
    return sim;
  }

  private ProducerRuntime runtime(
      SimulatorServer sim, KafkaBroker broker, Topics topics, Map<String, String> more) {
    ProducerRuntime runtime =
        ProducerRuntime.start(
            ProducerConfig.fromSettings(ProducerIT.settings(sim.baseUrl(), broker, topics, more)));
    opened.add(runtime);
    return runtime;
  }

  @Test
  void everyServedItemBecomesExactlyOneKeyedRawRecordReadableByAPlainConsumer(KafkaBroker broker)
      throws Exception {
    // Given a v1 simulator (20 instruments per type) and every v1 endpoint configured
    SimulatorServer sim = simulator("v1", Faults.none());
    Topics topics = ProducerIT.freshTopics(broker);
    String endpoints =
        "/params/all/,/params/water_standpipe/,/params/pore_pressure/,/params/settlement/x/,/params/settlement/z/";
    PollCycle cycle = runtime(sim, broker, topics, Map.of("API_ENDPOINTS", endpoints)).pollCycle();

    // When two polls run
    PollSummary first = cycle.poll();
    PollSummary second = cycle.poll();

    // Then the topic holds exactly one record per item the simulator served, keyed
    // instrument:borehole_number
    SimulatorStats stats = sim.stats();
    List<ConsumerRecord<String, byte[]>> raw =
        TopicContents.readAll(broker.bootstrapServers(), topics.raw());
    assertThat(stats.itemsServed()).isGreaterThan(100);
    assertThat(raw).hasSize((int) stats.itemsServed());
    assertThat(first.readingsPublished() + second.readingsPublished())
        .isEqualTo(stats.itemsServed());
    for (ConsumerRecord<String, byte[]> r : raw) {
      RawReading reading = Json.MAPPER.readValue(r.value(), RawReading.class);
      JsonNode item = Json.MAPPER.readTree(reading.item());
      assertThat(r.key()).isEqualTo(RawReading.keyOf(item)).doesNotStartWith(":");
      assertThat(reading.apiVersion()).isEqualTo("v1");
      assertThat(reading.pollId()).isIn(first.pollId(), second.pollId());
      assertThat(header(r, RawReading.HEADER_POLL_ID)).isEqualTo(reading.pollId());
      assertThat(header(r, RawReading.HEADER_API_VERSION)).isEqualTo("v1");
    }
    Map<String, Long> perEndpoint =
        raw.stream()
            .map(r -> readRaw(r).endpoint())
            .collect(Collectors.groupingBy(e -> e, Collectors.counting()));
    stats
        .itemsByEndpoint()
        .forEach((path, served) -> assertThat(perEndpoint.get(path)).isEqualTo(served));
    assertThat(TopicContents.readAll(broker.bootstrapServers(), topics.dlq())).isEmpty();
  }

  @Test
  void v2ResponsesArePublishedWithTheirVersionAndUnits(KafkaBroker broker) throws Exception {
    SimulatorServer sim = simulator("v2", Faults.none());
    Topics topics = ProducerIT.freshTopics(broker);

    PollSummary summary =
        runtime(sim, broker, topics, Map.of("API_ENDPOINTS", "/params/pore_pressure/"))
            .pollCycle()
            .poll();

    List<ConsumerRecord<String, byte[]>> raw =
        TopicContents.readAll(broker.bootstrapServers(), topics.raw());
    assertThat(raw).hasSize((int) sim.stats().itemsServed()).hasSize(summary.readingsPublished());
    assertThat(raw).allSatisfy(r -> assertThat(readRaw(r).apiVersion()).isEqualTo("v2"));
    assertThat(raw).allSatisfy(r -> assertThat(readRaw(r).units()).isEqualTo("pressure (kPa)"));
  }

  @Test
  void serverErrorsAreRetriedAndEveryItemIsProducedOnce(KafkaBroker broker) throws Exception {
    // Given a simulator answering about half of its requests with 500
    SimulatorServer sim = simulator("v1", Faults.none().withInternalErrorRate(0.5));
    Topics topics = ProducerIT.freshTopics(broker);
    PollCycle cycle = runtime(sim, broker, topics, Map.of("HTTP_MAX_ATTEMPTS", "12")).pollCycle();

    // When three polls run
    List<PollSummary> polls = List.of(cycle.poll(), cycle.poll(), cycle.poll());

    // Then 500s happened, each one cost a retry, and every poll published each instrument exactly
    // once
    SimulatorStats stats = sim.stats();
    assertThat(stats.internalErrorResponses()).isPositive();
    assertThat(polls.stream().mapToInt(PollSummary::httpRetries).sum())
        .isEqualTo(stats.internalErrorResponses());
    assertThat(polls).allSatisfy(p -> assertThat(p.errors()).isEmpty());
    List<ConsumerRecord<String, byte[]>> raw =
        TopicContents.readAll(broker.bootstrapServers(), topics.raw());
    assertThat(raw).hasSize((int) stats.itemsServed());
    Map<String, List<String>> keysPerPoll =
        raw.stream()
            .collect(
                Collectors.groupingBy(
                    r -> readRaw(r).pollId(),
                    Collectors.mapping(ConsumerRecord::key, Collectors.toList())));
    assertThat(keysPerPoll).hasSize(3);
    List<String> firstPollKeys = keysPerPoll.get(polls.get(0).pollId());
    assertThat(firstPollKeys).doesNotHaveDuplicates().hasSize(polls.get(0).readingsPublished());
    assertThat(keysPerPoll.values())
        .allSatisfy(
            keys -> assertThat(keys).doesNotHaveDuplicates().hasSameElementsAs(firstPollKeys));
  }

  @Test
  void retryAfterOfA503IsWaitedAndTheWaitIsCapped(KafkaBroker broker) throws Exception {
    // Given an API answering 503 with Retry-After: 1 to every request, and 3 attempts per request
    SimulatorServer sim =
        simulator("v1", Faults.none().withUnavailableRate(1.0).withRetryAfterSeconds(1));
    Topics topics = ProducerIT.freshTopics(broker);
    PollCycle honouring =
        runtime(sim, broker, topics, Map.of("HTTP_MAX_ATTEMPTS", "3")).pollCycle();

    // When a poll runs
    PollSummary waited = honouring.poll();

    // Then both retries waited the second asked for, bounded, and the endpoint is reported, not
    // published
    assertThat(sim.stats().unavailableResponses()).isEqualTo(3);
    assertThat(waited.httpRetries()).isEqualTo(2);
    assertThat(waited.duration()).isBetween(Duration.ofMillis(2_000), Duration.ofMillis(8_000));
    assertThat(waited.errors()).singleElement().asString().contains("status 503", "Retry-After: 1");

    // And when the server asks for an hour, the wait is cut to the configured cap
    sim.setFaults(Faults.none().withUnavailableRate(1.0).withRetryAfterSeconds(3600));
    PollSummary capped =
        runtime(
                sim,
                broker,
                topics,
                Map.of("HTTP_MAX_ATTEMPTS", "2", "HTTP_RETRY_AFTER_MAX", "PT0.3S"))
            .pollCycle()
            .poll();
    assertThat(capped.httpRetries()).isEqualTo(1);
    assertThat(capped.duration()).isBetween(Duration.ofMillis(300), Duration.ofMillis(6_000));

    // And once the API recovers, the next poll publishes what it serves
    sim.setFaults(Faults.none());
    PollSummary recovered = honouring.poll();
    assertThat(recovered.errors()).isEmpty();
    assertThat(TopicContents.readAll(broker.bootstrapServers(), topics.raw()))
        .hasSize(recovered.readingsPublished())
        .hasSize((int) sim.stats().itemsServed());
  }

  @Test
  void responseSlowerThanTheReadTimeoutFailsTheEndpointAndPublishesNothingFromIt(KafkaBroker broker)
      throws Exception {
    // Given an API that answers after 30 s, and a 400 ms read timeout with 2 attempts
    SimulatorServer sim =
        simulator("v1", Faults.none().withSlowRate(1.0).withSlowDelay(Duration.ofSeconds(30)));
    Topics topics = ProducerIT.freshTopics(broker);
    PollCycle cycle =
        runtime(
                sim,
                broker,
                topics,
                Map.of("HTTP_READ_TIMEOUT", "PT0.4S", "HTTP_MAX_ATTEMPTS", "2"))
            .pollCycle();

    // When a poll runs
    PollSummary summary = cycle.poll();

    // Then the endpoint's failure is reported with its cause, well before the server would have
    // answered,
    // and not a single record of it reached the topic
    assertThat(summary.errors())
        .singleElement()
        .asString()
        .contains("/params/all/", "read timeout of 400 ms");
    assertThat(summary.readingsPublished()).isZero();
    assertThat(summary.duration()).isLessThan(Duration.ofSeconds(15));
    assertThat(TopicContents.readAll(broker.bootstrapServers(), topics.raw())).isEmpty();
    assertThat(TopicContents.readAll(broker.bootstrapServers(), topics.dlq())).isEmpty();
  }

  @Test
  void aBodyThatIsNotJsonBecomesExactlyOneDeadLetterWithReasonAndBody(KafkaBroker broker)
      throws Exception {
    // Given an API whose 200 bodies are cut short
    SimulatorServer sim = simulator("v1", Faults.none().withTruncatedBodyRate(1.0));
    Topics topics = ProducerIT.freshTopics(broker);

    // When a poll runs
    PollSummary summary = runtime(sim, broker, topics, Map.of()).pollCycle().poll();

    // Then exactly one dead letter holds the reason, the URL and the body; nothing went to the raw
    // topic
    assertThat(sim.stats().truncatedBodies()).isEqualTo(1);
    assertThat(summary.deadLettered()).isEqualTo(1);
    List<ConsumerRecord<String, byte[]>> dlq =
        TopicContents.readAll(broker.bootstrapServers(), topics.dlq());
    assertThat(dlq).hasSize(1);
    DeadLetter dl = Json.MAPPER.readValue(dlq.get(0).value(), DeadLetter.class);
    assertThat(dl.stage()).isEqualTo(DeadLetter.STAGE_PRODUCER);
    assertThat(dl.reasons()).extracting(r -> r.code()).containsExactly(RejectCode.MALFORMED_JSON);
    assertThat(dl.source()).isEqualTo(sim.baseUrl() + "/params/all/");
    assertThat(dl.value()).startsWith("{").contains("\"items\"");
    assertThat(dlq.get(0).key()).isNull();
    assertThat(TopicContents.readAll(broker.bootstrapServers(), topics.raw())).isEmpty();
  }

  private static RawReading readRaw(ConsumerRecord<String, byte[]> r) {
    try {
      return Json.MAPPER.readValue(r.value(), RawReading.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(
          "not a RawReading: " + new String(r.value(), StandardCharsets.UTF_8), e);
    }
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
