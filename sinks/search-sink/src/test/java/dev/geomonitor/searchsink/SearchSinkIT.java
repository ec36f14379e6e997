package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.domain.WindowAggregate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The local consumer loop against a real broker and a real OpenSearch node. */
@ExtendWith(Services.Resolver.class)
class SearchSinkIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static List<EnrichedReading> readings(int n, int fromMinute) {
    return IntStream.range(0, n)
        .mapToObj(
            i ->
                Samples.reading(
                    "BH-" + (i % 25),
                    Samples.T0.plusSeconds(60L * (fromMinute + i / 25)),
                    80 + (i % 7) * 0.1))
        .toList();
  }

  private static List<WindowAggregate> aggregates(int n) {
    return IntStream.range(0, n).mapToObj(i -> Samples.aggregate("BH-" + i, Samples.T0)).toList();
  }

  private static List<StatusAlert> alerts(int n) {
    return IntStream.range(0, n).mapToObj(i -> Samples.alert("BH-" + i, Samples.T0)).toList();
  }

  @Test
  void recordsOnTheTopicsBecomeDocumentsSearchableThroughTheAliases(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 2);
        SearchSinkLoop loop = SearchSinkLoop.create(f.config)) {
      // Given readings, aggregates and alerts on their topics
      f.sendAll(f.topics.readings(), readings(500, 0));
      f.sendAll(f.topics.aggregates(), aggregates(20));
      f.sendAll(f.topics.alerts(), alerts(10));
      // When the sink runs
      loop.start();
      // Then every record is a document behind its alias, and the offsets are committed
      await().atMost(WAIT).until(() -> loop.totals().indexed() >= 530);
      assertThat(f.count(DocumentKind.READINGS)).isEqualTo(500);
      assertThat(f.count(DocumentKind.AGGREGATES)).isEqualTo(20);
      assertThat(f.count(DocumentKind.ALERTS)).isEqualTo(10);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  f.committed(f.config.groupId(), f.topics.readings())
                      == f.endOffsets(f.topics.readings()));
      assertThat(loop.totals().deadLettered()).isZero();
      assertThat(new IndexAdmin(f.rest, f.config.indexLayout()).aliasTargets(DocumentKind.READINGS))
          .containsExactly(f.prefix + "-readings-v1");
    }
  }

  @Test
  void redeliveringTheSameRecordsLeavesTheDocumentCountUnchanged(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 2)) {
      // Given 300 readings indexed once by a sink that then stops
      f.sendAll(f.topics.readings(), readings(300, 0));
      try (SearchSinkLoop first = SearchSinkLoop.create(f.config).start()) {
        await().atMost(WAIT).until(() -> first.totals().indexed() >= 300);
      }
      assertThat(f.count(DocumentKind.READINGS)).isEqualTo(300);
      // When the group is rewound to the start and a sink consumes everything again
      f.rewind(f.config.groupId(), f.config.topics().outputs(), 2);
      try (SearchSinkLoop second = SearchSinkLoop.create(f.config).start()) {
        await().atMost(WAIT).until(() -> second.totals().indexed() >= 300);
      }
      // Then the documents were overwritten, not duplicated
      assertThat(f.count(DocumentKind.READINGS)).isEqualTo(300);
    }
  }

  @Test
  void oneMappingConflictAmongManyGoesToTheDlqWhileTheOthersAreIndexed(Services services)
      throws Exception {
    try (SinkFixture f = SinkFixture.create(services, 1);
        SearchSinkLoop loop = SearchSinkLoop.create(f.config)) {
      // Given 199 good readings, one whose latitude no geo_point accepts, and one that is not JSON
      List<EnrichedReading> good = readings(199, 0);
      EnrichedReading offMap =
          Samples.reading("BH-X", Samples.T0, 81.0, 95.0, 144.9, TriggerStatus.NORMAL);
      f.sendAll(f.topics.readings(), good.subList(0, 100));
      f.sendAll(f.topics.readings(), List.of(offMap));
      f.send(
          f.topics.readings(),
          "water_standpipe:BH-Y",
          "{\"reading_id\": oops".getBytes(StandardCharsets.UTF_8));
      f.sendAll(f.topics.readings(), good.subList(100, 199));
      // When the sink runs
      loop.start();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  loop.totals().records() >= 201
                      && f.committed(f.config.groupId(), f.topics.readings())
                          == f.endOffsets(f.topics.readings()));
      // Then the 199 good ones are indexed and the two bad ones are in the DLQ with OpenSearch's
      // reason
      assertThat(f.count(DocumentKind.READINGS)).isEqualTo(199);
      List<DeadLetter> letters = f.deadLetters();
      assertThat(letters).hasSize(2);
      DeadLetter refused =
          letters.stream()
              .filter(d -> d.reasons().get(0).code() == RejectCode.INDEX_REJECTED)
              .findFirst()
              .orElseThrow();
      assertThat(refused.stage()).isEqualTo(DeadLetter.STAGE_SEARCH_SINK);
      assertThat(refused.sourceTopic()).isEqualTo(f.topics.readings());
      assertThat(refused.sourceOffset()).isEqualTo(100L);
      assertThat(refused.reasons().get(0).message())
          .contains("mapper_parsing_exception")
          .contains("400");
      assertThat(Json.MAPPER.readValue(refused.value(), EnrichedReading.class)).isEqualTo(offMap);
      assertThat(letters)
          .extracting(d -> d.reasons().get(0).code())
          .contains(RejectCode.MALFORMED_JSON);
      // And the dashboards' dead-letter index shows both (the sink indexes its own DLQ topic too)
      await().atMost(WAIT).until(() -> f.count(DocumentKind.DEAD_LETTERS) == 2);
      ObjectNode byReason =
          (ObjectNode)
              Json.MAPPER.readTree(
                  "{\"size\":0,\"aggs\":{\"r\":{\"terms\":{\"field\":\"reasons.code\"}}}}");
      assertThat(
              f.search(DocumentKind.DEAD_LETTERS, byReason)
                  .path("aggregations")
                  .path("r")
                  .path("buckets")
                  .findValuesAsText("key"))
          .containsExactlyInAnyOrder("INDEX_REJECTED", "MALFORMED_JSON");
    }
  }

  @Test
  void openSearchOutageMidStreamLosesNothingDuplicatesNothingAndCommitsNothingWhileDown(
      Services services) {
    try (SinkFixture f = SinkFixture.create(services, 2);
        SearchSinkLoop loop = SearchSinkLoop.create(f.config)) {
      // Given a running sink that has indexed a first part of the stream
      loop.start();
      f.sendAll(f.topics.readings(), readings(200, 0));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  f.committed(f.config.groupId(), f.topics.readings())
                      == f.endOffsets(f.topics.readings()));
      long beforeOutage = f.committed(f.config.groupId(), f.topics.readings());
      // When OpenSearch stops and more records arrive
      services.openSearch.stop();
      try {
        f.sendAll(f.topics.readings(), readings(300, 100));
        // Then the sink holds the batch, and the committed offsets do not move while OpenSearch is
        // down
        await().atMost(WAIT).until(() -> loop.inFlight() > 0);
        await()
            .during(Duration.ofSeconds(4))
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    f.committed(f.config.groupId(), f.topics.readings()) == beforeOutage
                        && loop.inFlight() > 0);
      } finally {
        services.openSearch.start();
      }
      // And once it is back, everything is indexed exactly once and committed
      long end = f.endOffsets(f.topics.readings());
      assertThat(end).isGreaterThanOrEqualTo(500);
      await().atMost(WAIT).until(() -> f.committed(f.config.groupId(), f.topics.readings()) == end);
      assertThat(f.count(DocumentKind.READINGS)).isEqualTo(500);
      assertThat(loop.totals().indexed()).isEqualTo(end);
      assertThat(loop.totals().retries()).isPositive();
      assertThat(loop.totals().deadLettered()).isZero();
    }
  }
}
