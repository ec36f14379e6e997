package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Rejection;
import dev.geomonitor.domain.WindowAggregate;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records that arrive out of order, twice, or with ids OpenSearch cannot take, against a real
 * broker and node.
 */
@ExtendWith(Services.Resolver.class)
class HostileRecordsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static WindowAggregate emission(long count, long revision) {
    return new WindowAggregate(
        NaturalKeys.aggregateId("water_standpipe", "BH-1", "PT1M", Samples.T0),
        "v1",
        "water_standpipe",
        "BH-1",
        Samples.T0,
        Samples.T0.plusSeconds(60),
        "PT1M",
        count,
        80.1,
        80.4,
        80.2,
        80.1,
        80.4,
        18.0,
        "m AHD",
        -37.81,
        144.96,
        revision);
  }

  @Test
  void anOlderEmissionOfAWindowArrivingAfterANewerOneNeverOverwritesIt(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1);
        SearchSinkLoop loop = SearchSinkLoop.create(f.config)) {
      // Given revision 5 of a window, then (a retry, a replay, another thread) revision 3 of the
      // same window
      f.sendAll(f.topics.aggregates(), List.of(emission(9, 5), emission(4, 3)));

      loop.start();

      // Then both are done (the older one is superseded, not an error) and the document holds
      // revision 5
      await().atMost(WAIT).until(() -> loop.totals().indexed() >= 2);
      assertThat(loop.totals().deadLettered()).isZero();
      JsonNode hits =
          f.search(DocumentKind.AGGREGATES, Json.MAPPER.createObjectNode())
              .path("hits")
              .path("hits");
      assertThat(hits).hasSize(1);
      assertThat(hits.get(0).path("_source").path("revision").asLong()).isEqualTo(5);
      assertThat(hits.get(0).path("_source").path("count").asLong()).isEqualTo(9);
    }
  }

  @Test
  void aDeadLetterRejectedAgainByAReplayIsIndexedOnce(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1);
        SearchSinkLoop loop = SearchSinkLoop.create(f.config)) {
      // Given the same raw record rejected twice (the job replayed it): two DLQ records, one source
      // place
      DeadLetter letter =
          DeadLetter.fromKafka(
              DeadLetter.STAGE_SPARK,
              List.of(Rejection.of(RejectCode.CONTROL_CHARACTER, "borehole_number", "NUL")),
              "monitoring.raw",
              0,
              41L,
              "k",
              "{\"borehole_number\":\"B\\u0000\"}".getBytes(StandardCharsets.UTF_8),
              Samples.T0);
      f.send(f.topics.dlq(), "k", letter.toJsonBytes());
      f.send(f.topics.dlq(), "k", letter.toJsonBytes());

      loop.start();

      await().atMost(WAIT).until(() -> loop.totals().indexed() >= 2);
      assertThat(f.count(DocumentKind.DEAD_LETTERS)).isEqualTo(1);
    }
  }

  @Test
  void aBulkRefusedAsAWholeIsSplitSoOnlyTheOffendingDocumentIsDeadLettered(Services services)
      throws Exception {
    try (SinkFixture f = SinkFixture.create(services, 1);
        SearchSink sink =
            new SearchSink(
                new DocumentMapper(f.config.indexLayout(), f.topics, true),
                new BulkIndexer(f.client, BulkIndexer.Limits.of(f.config), new StopSignal()),
                new KafkaDeadLetterPublisher(
                    new KafkaProducer<>(KafkaClientSettings.producer(f.config)), f.topics.dlq()),
                Clock.systemUTC())) {
      new IndexAdmin(f.rest, f.config.indexLayout()).ensure(f.config.pipelineVersion());
      // Given nine readings, one of which reaches OpenSearch with an _id over its 512-byte limit
      // (the mapper bounds
      // ids; this stands for any action OpenSearch refuses while parsing the request, which fails
      // the whole _bulk
      // with HTTP 400 instead of one item)
      List<SinkRecord> records = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        records.add(
            new SinkRecord(
                f.topics.readings(),
                0,
                i,
                "k" + i,
                Samples.json(Samples.reading("BH-" + i, Samples.T0, 80.0 + i))));
      }
      SearchSink.Prepared prepared = sink.prepare(records);
      List<IndexDocument> documents = new ArrayList<>(prepared.documents());
      IndexDocument poisoned = documents.get(6);
      documents.set(
          6,
          new IndexDocument(
              poisoned.source(),
              poisoned.kind(),
              poisoned.index(),
              "x".repeat(600),
              poisoned.body(),
              poisoned.approxBytes()));

      // When the batch is indexed
      BatchResult result = sink.complete(new SearchSink.Prepared(records, documents, List.of(), 0));

      // Then the eight others are indexed, the refused one is dead-lettered with OpenSearch's
      // reason, nothing is lost
      assertThat(result.indexed()).isEqualTo(8);
      assertThat(result.deadLettered()).isEqualTo(1);
      assertThat(f.count(DocumentKind.READINGS)).isEqualTo(8);
      List<DeadLetter> letters = f.deadLetters();
      assertThat(letters).hasSize(1);
      assertThat(letters.get(0).sourceOffset()).isEqualTo(6L);
      assertThat(letters.get(0).reasons().get(0).code()).isEqualTo(RejectCode.INDEX_REJECTED);
      assertThat(letters.get(0).reasons().get(0).message()).contains("400").contains("id");
    }
  }

  @Test
  void aClusterAnswering429IsWaitedOutAndNothingIsLostDoubledOrDeadLettered(Services services)
      throws Exception {
    String breaker = "network.breaker.inflight_requests.limit";
    try (SinkFixture f = SinkFixture.create(services, 1);
        SearchSinkLoop loop = SearchSinkLoop.create(f.config)) {
      // Given a running sink that has indexed a first reading
      loop.start();
      f.sendAll(f.topics.readings(), List.of(Samples.reading("BH-0", Samples.T0, 80.0)));
      await().atMost(WAIT).until(() -> f.committed(f.config.groupId(), f.topics.readings()) == 1);
      // When the node's in-flight-requests circuit breaker refuses any request over 2 kB (HTTP 429,
      // as an overloaded
      // cluster answers) while 60 more readings arrive
      f.rest.expectOk(
          "PUT",
          "/_cluster/settings",
          Json.MAPPER.readTree("{\"transient\":{\"" + breaker + "\":\"2kb\"}}"));
      try {
        List<Object> more = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
          more.add(Samples.reading("BH-" + i, Samples.T0, 80.0 + i / 100.0));
        }
        f.sendAll(f.topics.readings(), more);
        // Then the sink holds the batch, retrying, and commits nothing past what is indexed
        await().atMost(WAIT).until(() -> loop.inFlight() > 0);
        await()
            .during(Duration.ofSeconds(4))
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    f.committed(f.config.groupId(), f.topics.readings()) == 1
                        && loop.inFlight() > 0);
      } finally {
        f.rest.expectOk(
            "PUT",
            "/_cluster/settings",
            Json.MAPPER.readTree("{\"transient\":{\"" + breaker + "\":null}}"));
      }
      // And once the cluster takes requests again, all 61 are indexed once, committed, none
      // dead-lettered
      await().atMost(WAIT).until(() -> f.committed(f.config.groupId(), f.topics.readings()) == 61);
      assertThat(f.count(DocumentKind.READINGS)).isEqualTo(61);
      assertThat(loop.totals().retries()).isPositive();
      assertThat(loop.totals().deadLettered()).isZero();
      assertThat(f.deadLetters()).isEmpty();
    }
  }
}
