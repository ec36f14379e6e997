package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.RawReading;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.producer.StubApi.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollCycleTest {
  private static final Topics TOPICS = Topics.DEFAULT.withPrefix("unit.");
  private static final Instant FETCHED = Instant.parse("2026-11-24T20:00:05Z");
  private static final RetryPolicy RETRY =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(2));

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private StubApi api;

  @AfterEach
  void closeApi() {
    if (api != null) {
      api.close();
    }
  }

  private PollCycle cycle(MockProducer<String, byte[]> producer, String... endpoints) {
    SourceApiClient client =
        new SourceApiClient(
            SourceApiClient.httpClient(Duration.ofSeconds(1)),
            api.baseUrl(),
            Duration.ofSeconds(2),
            RETRY,
            sleeper,
            Clock.fixed(FETCHED, ZoneOffset.UTC),
            () -> 0.0);
    return new PollCycle(
        client,
        new RawTopicPublisher(producer, TOPICS),
        List.of(endpoints),
        Clock.systemUTC(),
        () -> "poll-1");
  }

  private static MockProducer<String, byte[]> autoAcking() {
    return new MockProducer<>(true, new StringSerializer(), new ByteArraySerializer());
  }

  @Test
  void everyServedItemBecomesOneKeyedRawRecordOfEitherApiVersion() throws Exception {
    // Given two endpoints serving a v1 body (2 items) and a v2 body (3 items)
    api =
        StubApi.start()
            .then(Reply.ok(ApiBodies.V1_STANDPIPES))
            .then(Reply.ok(ApiBodies.V2_PIEZOMETERS));
    MockProducer<String, byte[]> producer = autoAcking();

    // When one poll runs
    PollSummary summary =
        cycle(producer, "/params/water_standpipe/", "/params/pore_pressure/").poll();

    // Then 5 raw records were sent, keyed instrument:borehole_number, with their envelope metadata
    assertThat(summary.readingsPublished()).isEqualTo(5);
    assertThat(summary.deadLettered()).isZero();
    assertThat(summary.endpointsPolled()).isEqualTo(2);
    assertThat(summary.errors()).isEmpty();
    List<ProducerRecord<String, byte[]>> sent = producer.history();
    assertThat(sent).extracting(ProducerRecord::topic).containsOnly(TOPICS.raw());
    assertThat(sent)
        .extracting(ProducerRecord::key)
        .containsExactly(
            "water_standpipe:BH-9037",
            "water_standpipe:BH-9038",
            "piezometer:PZ-1",
            "piezometer:PZ-2",
            "piezometer:");
    JsonNode first = Json.MAPPER.readTree(sent.get(0).value());
    assertThat(first.get("api_version").asText()).isEqualTo("v1");
    assertThat(first.get("endpoint").asText()).isEqualTo("/params/water_standpipe/");
    assertThat(first.get("units").asText()).isEqualTo("AHD (m)");
    assertThat(first.get("timezone").asText()).isEqualTo("UTC");
    assertThat(first.get("poll_id").asText()).isEqualTo("poll-1");
    assertThat(Instant.parse(first.get("fetched_at").asText())).isEqualTo(FETCHED);
    assertThat(first.get("item").get("water_level").decimalValue()).isEqualByComparingTo("86.25");
    assertThat(sent.get(3).timestamp()).isEqualTo(FETCHED.toEpochMilli());
  }

  @Test
  void itemTextIsKeptExactlyAsServedAndHeadersCarryPollIdAndVersion() throws Exception {
    api = StubApi.start().then(Reply.ok(ApiBodies.V2_PIEZOMETERS));
    MockProducer<String, byte[]> producer = autoAcking();

    cycle(producer, "/params/pore_pressure/").poll();

    ProducerRecord<String, byte[]> huge = producer.history().get(1);
    String value = new String(huge.value(), StandardCharsets.UTF_8);
    // a tree round-trip would have turned 1e400 into a string or Infinity
    assertThat(value).contains("\"reading\":1e400");
    RawReading back = Json.MAPPER.readValue(huge.value(), RawReading.class);
    assertThat(back.apiVersion()).isEqualTo("v2");
    assertThat(back.units()).isEqualTo("pressure (kPa)");
    assertThat(new String(huge.headers().lastHeader("poll_id").value(), StandardCharsets.UTF_8))
        .isEqualTo("poll-1");
    assertThat(new String(huge.headers().lastHeader("api_version").value(), StandardCharsets.UTF_8))
        .isEqualTo("v2");
  }

  @Test
  void bodyThatIsNotJsonBecomesExactlyOneDeadLetterWithReasonAndBody() throws Exception {
    api = StubApi.start().then(Reply.ok(ApiBodies.NOT_JSON));
    MockProducer<String, byte[]> producer = autoAcking();

    PollSummary summary = cycle(producer, "/params/all/").poll();

    assertThat(summary.deadLettered()).isEqualTo(1);
    assertThat(summary.readingsPublished()).isZero();
    assertThat(producer.history()).hasSize(1);
    ProducerRecord<String, byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo(TOPICS.dlq());
    assertThat(record.key()).isNull();
    assertThat(new String(record.headers().lastHeader("poll_id").value(), StandardCharsets.UTF_8))
        .isEqualTo("poll-1");
    DeadLetter dl = Json.MAPPER.readValue(record.value(), DeadLetter.class);
    assertThat(dl.stage()).isEqualTo(DeadLetter.STAGE_PRODUCER);
    assertThat(dl.reasons()).extracting(r -> r.code()).containsExactly(RejectCode.MALFORMED_JSON);
    assertThat(dl.value()).isEqualTo(ApiBodies.NOT_JSON);
    assertThat(dl.source()).isEqualTo(api.baseUrl() + "/params/all/");
    assertThat(dl.rejectedAt()).isEqualTo(FETCHED);
  }

  @Test
  void jsonThatIsNoResponseOfEitherVersionIsDeadLetteredWithItsReason() throws Exception {
    api = StubApi.start().then(Reply.ok("{\"items\":[],\"something\":1}")).then(Reply.ok("[1,2]"));
    MockProducer<String, byte[]> producer = autoAcking();

    PollSummary summary = cycle(producer, "/a/", "/b/").poll();

    assertThat(summary.deadLettered()).isEqualTo(2);
    assertThat(producer.history())
        .extracting(r -> Json.MAPPER.readValue(r.value(), DeadLetter.class).reasons().get(0).code())
        .containsExactly(RejectCode.UNSUPPORTED_API_VERSION, RejectCode.NOT_AN_OBJECT);
  }

  @Test
  void anEndpointThatKeepsFailingIsReportedWhileTheOthersArePublished() throws Exception {
    // Given the first endpoint failing 3 times (all attempts), the second answering
    api =
        StubApi.start()
            .then(Reply.status(500))
            .then(Reply.status(500))
            .then(Reply.status(500))
            .then(Reply.ok(ApiBodies.V1_STANDPIPES));
    MockProducer<String, byte[]> producer = autoAcking();

    PollSummary summary =
        cycle(producer, "/params/pore_pressure/", "/params/water_standpipe/").poll();

    // Then nothing of the failed endpoint was sent, the other one was, and the error names the
    // endpoint
    assertThat(summary.readingsPublished()).isEqualTo(2);
    assertThat(summary.httpRetries()).isEqualTo(2);
    assertThat(summary.errors())
        .singleElement()
        .asString()
        .contains("/params/pore_pressure/", "status 500");
    assertThat(producer.history())
        .extracting(r -> Json.MAPPER.readTree(r.value()).get("endpoint").asText())
        .containsOnly("/params/water_standpipe/");
  }

  @Test
  void aRecordNotAcknowledgedIsSentAgainAndThePollCompletes() throws Exception {
    // Given a producer whose first flush fails one send (a broker restarting past the delivery
    // timeout)
    api = StubApi.start().then(Reply.ok(ApiBodies.V1_STANDPIPES));
    int[] flushes = {0};
    MockProducer<String, byte[]> producer =
        new MockProducer<>(false, new StringSerializer(), new ByteArraySerializer()) {
          @Override
          public synchronized void flush() {
            if (flushes[0]++ == 0) {
              errorNext(new org.apache.kafka.common.errors.TimeoutException("expired"));
            }
            super.flush();
          }
        };

    // When the poll runs
    PollSummary summary = cycle(producer, "/params/all/").poll();

    // Then the unacknowledged record was sent again, the same record, and the poll is done
    assertThat(summary.readingsPublished()).isEqualTo(2);
    assertThat(producer.history()).hasSize(3);
    assertThat(producer.history().get(2).key()).isEqualTo(producer.history().get(0).key());
    assertThat(producer.history().get(2).value()).isEqualTo(producer.history().get(0).value());
  }

  @Test
  void aSendThatIsNeverAcknowledgedFailsThePollNamingTopicAndError() throws Exception {
    // Given a producer that fails one pending send at every flush
    api = StubApi.start().then(Reply.ok(ApiBodies.V1_STANDPIPES));
    MockProducer<String, byte[]> producer =
        new MockProducer<>(false, new StringSerializer(), new ByteArraySerializer()) {
          @Override
          public synchronized void flush() {
            errorNext(new NotEnoughReplicasException("only 1 in-sync replica"));
            super.flush();
          }
        };

    // When the poll runs, Then it fails as retriable, naming the raw topic, the error and the count
    assertThatThrownBy(() -> cycle(producer, "/params/all/").poll())
        .isInstanceOf(PublishFailedException.class)
        .hasMessageContaining("'" + TOPICS.raw() + "'")
        .hasMessageContaining("NotEnoughReplicasException")
        .hasMessageContaining("1 of 1 sends")
        .satisfies(e -> assertThat(((PublishFailedException) e).fatal()).isFalse());
    // ... after sending the refused record again until the attempts ran out
    assertThat(producer.history()).hasSize(2 + PollCycle.PUBLISH_ATTEMPTS - 1);
  }

  @Test
  void anAuthorizationFailureIsFatal() throws Exception {
    api = StubApi.start().then(Reply.ok(ApiBodies.V1_STANDPIPES));
    MockProducer<String, byte[]> producer =
        new MockProducer<>(false, new StringSerializer(), new ByteArraySerializer()) {
          @Override
          public synchronized void flush() {
            while (errorNext(new TopicAuthorizationException("not allowed to write"))) {
              // fail every pending send
            }
          }
        };

    assertThatThrownBy(() -> cycle(producer, "/params/all/").poll())
        .isInstanceOf(PublishFailedException.class)
        .hasMessageContaining("2 of 2 sends")
        .satisfies(e -> assertThat(((PublishFailedException) e).fatal()).isTrue());
  }

  @Test
  void aSendRejectedSynchronouslyFailsThePoll() throws Exception {
    api = StubApi.start().then(Reply.ok(ApiBodies.V1_STANDPIPES));
    MockProducer<String, byte[]> producer = autoAcking();
    producer.sendException =
        new org.apache.kafka.common.errors.TimeoutException("metadata not available");

    assertThatThrownBy(() -> cycle(producer, "/params/all/").poll())
        .isInstanceOf(PublishFailedException.class)
        .hasMessageContaining("'" + TOPICS.raw() + "'")
        .hasMessageContaining("metadata not available")
        .satisfies(e -> assertThat(((PublishFailedException) e).fatal()).isFalse());
  }

  @Test
  void aClientErrorFromTheApiIsFatalAndSendsNothing() throws Exception {
    api = StubApi.start().then(Reply.status(403));
    MockProducer<String, byte[]> producer = autoAcking();

    assertThatThrownBy(() -> cycle(producer, "/params/all/").poll())
        .isInstanceOf(SourceApiConfigException.class);
    assertThat(producer.history()).isEmpty();
  }
}
