package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.producer.StubApi.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies that are partly broken, oversized items and bodies: never fatal, the good items always go
 * through.
 */
class HostileBodiesTest {
  private static final Topics TOPICS = Topics.DEFAULT.withPrefix("unit.");
  private static final Instant FETCHED = Instant.parse("2026-11-24T20:00:05Z");
  private static final String GOOD =
      "{\"borehole_number\":\"BH-1\",\"instrument\":\"water_standpipe\",\"northing\":5814941,\"easting\":323796,"
          + "\"water_level\":86.25,\"timestamp\":\"2026-11-24T20:00:00Z\"}";

  private StubApi api;
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, new StringSerializer(), new ByteArraySerializer());

  @AfterEach
  void closeApi() {
    if (api != null) {
      api.close();
    }
  }

  private PollCycle cycle(long maxBodyBytes) {
    SourceApiClient client =
        new SourceApiClient(
            SourceApiClient.httpClient(Duration.ofSeconds(1)),
            api.baseUrl(),
            Duration.ofSeconds(20),
            new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10)),
            new RecordingSleeper(),
            Clock.fixed(FETCHED, ZoneOffset.UTC),
            () -> 0.0,
            maxBodyBytes);
    return new PollCycle(
        client,
        new RawTopicPublisher(producer, TOPICS),
        List.of("/params/all/"),
        Clock.systemUTC(),
        () -> "poll-1");
  }

  private static String v1(String... items) {
    return "{\"request_type\":\"all\",\"length\":"
        + items.length
        + ",\"RL_units\":\"AHD (m)\",\"timezone\":\"UTC\","
        + "\"items\":["
        + String.join(",", items)
        + "]}";
  }

  private List<DeadLetter> deadLetters() {
    return producer.history().stream()
        .filter(r -> r.topic().equals(TOPICS.dlq()))
        .map(r -> read(r.value()))
        .toList();
  }

  private static DeadLetter read(byte[] v) {
    try {
      return Json.MAPPER.readValue(v, DeadLetter.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private long raws() {
    return producer.history().stream()
        .map(ProducerRecord::topic)
        .filter(TOPICS.raw()::equals)
        .count();
  }

  @Test
  void aNanTokenInOneItemDeadLettersThatItemAndPublishesTheOthers() throws Exception {
    String bad = GOOD.replace("86.25", "NaN");
    api = StubApi.start().then(Reply.ok(v1(GOOD, bad, GOOD.replace("BH-1", "BH-2"))));

    PollSummary summary = cycle(SourceApiClient.MAX_BODY_BYTES).poll();

    assertThat(summary.readingsPublished()).isEqualTo(2);
    assertThat(summary.deadLettered()).isEqualTo(1);
    assertThat(raws()).isEqualTo(2);
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.value()).isEqualTo(bad);
              assertThat(d.reasons())
                  .extracting(r -> r.code())
                  .containsExactly(RejectCode.MALFORMED_JSON);
            });
  }

  @Test
  void anItemOverTheRecordLimitIsDeadLetteredWithItsSizeNotFatal() throws Exception {
    String huge = GOOD.replace("BH-1", "B".repeat(1_100_000));
    api = StubApi.start().then(Reply.ok(v1(GOOD, huge)));

    PollSummary summary = cycle(SourceApiClient.MAX_BODY_BYTES).poll();

    assertThat(summary.readingsPublished()).isEqualTo(1);
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reasons())
                  .extracting(r -> r.code())
                  .containsExactly(RejectCode.ITEM_TOO_LARGE);
              assertThat(d.reasons().get(0).message())
                  .contains("bytes")
                  .contains(String.valueOf(PollCycle.MAX_RECORD_BYTES));
              assertThat(d.valueTruncated()).isTrue();
              assertThat(d.toJsonBytes().length).isLessThan(PollCycle.MAX_RECORD_BYTES);
            });
    assertThat(producer.history())
        .allSatisfy(r -> assertThat(r.value().length).isLessThan(PollCycle.MAX_RECORD_BYTES));
  }

  @Test
  void aBodyOverTheCapIsOneDeadLetterWithItsSizeAndTheNextBodyGoesThrough() throws Exception {
    api =
        StubApi.start()
            .then(Reply.ok(v1(GOOD, GOOD.replace("BH-1", "X".repeat(300_000)))))
            .then(Reply.ok(v1(GOOD)));
    PollCycle cycle = cycle(200_000);

    PollSummary first = cycle.poll();
    PollSummary second = cycle.poll();

    assertThat(first.deadLettered()).isEqualTo(1);
    assertThat(first.readingsPublished()).isZero();
    DeadLetter d = deadLetters().get(0);
    assertThat(d.reasons()).extracting(r -> r.code()).containsExactly(RejectCode.BODY_TOO_LARGE);
    assertThat(d.value()).hasSizeLessThanOrEqualTo(CappedBody.KEPT_PREFIX_BYTES);
    assertThat(second.readingsPublished()).isEqualTo(1);
  }

  @Test
  void aBodyWithAByteOrderMarkIsParsed() throws Exception {
    api = StubApi.start().then(Reply.ok("\uFEFF" + v1(GOOD)));

    PollSummary summary = cycle(SourceApiClient.MAX_BODY_BYTES).poll();

    assertThat(summary.readingsPublished()).isEqualTo(1);
    assertThat(summary.deadLettered()).isZero();
  }
}
