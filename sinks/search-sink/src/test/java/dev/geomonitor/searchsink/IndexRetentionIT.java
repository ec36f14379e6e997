package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.PipelineVersion;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retention by document time on a real node: what a pass deletes, and what it leaves. */
@ExtendWith(Services.Resolver.class)
class IndexRetentionIT {
  private static final PipelineVersion V1 = PipelineVersion.parse("v1");
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Instant OLD = NOW.minus(Duration.ofDays(3));
  private static final Instant YOUNG = NOW.minus(Duration.ofHours(1));
  private static final Duration TWO_DAYS = Duration.ofDays(2);
  private static final Duration WAIT = Duration.ofSeconds(60);

  /**
   * The kinds retention may apply to: alarms are the alarm processor's record of people's actions,
   * kept as long as PostgreSQL keeps them (no SINK_RETENTION_* setting names them).
   */
  private static final List<DocumentKind> RETAINABLE =
      java.util.Arrays.stream(DocumentKind.values()).filter(k -> k != DocumentKind.ALARMS).toList();

  /** Writes one document with only its id and time fields (both mapped by every template). */
  private static void put(SinkFixture f, DocumentKind kind, String id, Instant time) {
    ObjectNode doc = Json.MAPPER.createObjectNode().put(kind.timeField(), time.toString());
    if (kind.idField() != null) {
      doc.put(kind.idField(), id);
    }
    String index =
        kind.versioned()
            ? f.config.indexLayout().index(kind, V1)
            : f.config.indexLayout().deadLetterIndex();
    f.rest.expectOk("PUT", "/" + index + "/_doc/" + id + "?refresh=true", doc);
  }

  /** Every kind with two old and one young document behind its alias. */
  private static void fill(SinkFixture f) {
    new IndexAdmin(f.rest, f.config.indexLayout()).ensure(V1);
    for (DocumentKind kind : RETAINABLE) {
      put(f, kind, "old-1", OLD);
      put(f, kind, "old-2", OLD.minusSeconds(1));
      put(f, kind, "young", YOUNG);
    }
  }

  private static IndexRetention retention(SinkFixture f, Map<DocumentKind, Duration> ages) {
    return new IndexRetention(
        f.client, f.config.indexLayout(), ages, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static boolean exists(SinkFixture f, DocumentKind kind, String id) {
    f.count(kind); // refreshes
    String alias = f.config.indexLayout().alias(kind);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.putObject("query").putObject("ids").putArray("values").add(id);
    return f.rest.expectOk("POST", "/" + alias + "/_count", body).path("count").asLong() == 1;
  }

  @Test
  void aPassDeletesDocumentsOlderThanTheirKindsAgeAndKeepsYoungerOnesAndForeverKinds(
      Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1)) {
      // Given old and young documents of every kind, and every kind but alerts kept two days
      fill(f);
      IndexRetention retention =
          retention(
              f,
              Map.of(
                  DocumentKind.READINGS, TWO_DAYS,
                  DocumentKind.AGGREGATES, TWO_DAYS,
                  DocumentKind.DEAD_LETTERS, TWO_DAYS));

      // When one pass runs
      IndexRetention.Pass pass = retention.runOnce();

      // Then the old documents of the three kinds are gone, their young ones stay, alerts keep all
      for (DocumentKind kind :
          List.of(DocumentKind.READINGS, DocumentKind.AGGREGATES, DocumentKind.DEAD_LETTERS)) {
        assertThat(f.count(kind)).as(kind.baseName()).isEqualTo(1);
        assertThat(exists(f, kind, "young")).as(kind.baseName()).isTrue();
        assertThat(pass.deleted()).containsEntry(kind, 2L);
      }
      assertThat(f.count(DocumentKind.ALERTS)).isEqualTo(3);
      assertThat(pass.deleted()).doesNotContainKey(DocumentKind.ALERTS);
    }
  }

  @Test
  void aLateReadingIndexedAfterAPassIsDeletedByTheNextPass(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1)) {
      // Given a pass that emptied the old readings
      fill(f);
      IndexRetention retention = retention(f, Map.of(DocumentKind.READINGS, TWO_DAYS));
      retention.runOnce();
      assertThat(exists(f, DocumentKind.READINGS, "old-1")).isFalse();

      // When an old reading arrives late (indexed now, with its own old time) and the next pass
      // runs
      put(f, DocumentKind.READINGS, "late", OLD);
      assertThat(exists(f, DocumentKind.READINGS, "late")).isTrue();
      IndexRetention.Pass next = retention.runOnce();

      // Then it is judged by its document time and deleted; the young reading stays
      assertThat(next.deleted()).containsEntry(DocumentKind.READINGS, 1L);
      assertThat(exists(f, DocumentKind.READINGS, "late")).isFalse();
      assertThat(exists(f, DocumentKind.READINGS, "young")).isTrue();
    }
  }

  @Test
  void aSecondPassChangesNothing(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1)) {
      // Given one pass over every kind
      fill(f);
      Map<DocumentKind, Duration> all =
          Map.of(
              DocumentKind.READINGS, TWO_DAYS,
              DocumentKind.AGGREGATES, TWO_DAYS,
              DocumentKind.ALERTS, TWO_DAYS,
              DocumentKind.DEAD_LETTERS, TWO_DAYS);
      IndexRetention retention = retention(f, all);
      assertThat(retention.runOnce().total()).isEqualTo(8);

      // When a second pass runs with the same clock
      IndexRetention.Pass second = retention.runOnce();

      // Then it deletes nothing and every kind keeps its young document
      assertThat(second.total()).isZero();
      for (DocumentKind kind : RETAINABLE) {
        assertThat(f.count(kind)).as(kind.baseName()).isEqualTo(1);
      }
    }
  }

  @Test
  void aPassDeletesMoreThanOnePageOfDocuments(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1)) {
      // Given more old readings than one search page holds
      new IndexAdmin(f.rest, f.config.indexLayout()).ensure(V1);
      int old = IndexRetention.PAGE + 250;
      StringBuilder bulk = new StringBuilder();
      String index = f.config.indexLayout().index(DocumentKind.READINGS, V1);
      IntStream.range(0, old)
          .forEach(
              i ->
                  bulk.append("{\"index\":{\"_index\":\"")
                      .append(index)
                      .append("\",\"_id\":\"r")
                      .append(i)
                      .append("\"}}\n{\"reading_id\":\"r")
                      .append(i)
                      .append("\",\"ts\":\"")
                      .append(OLD.minusSeconds(i))
                      .append("\"}\n"));
      bulkNdjson(f, bulk.toString());
      put(f, DocumentKind.READINGS, "young", YOUNG);
      assertThat(f.count(DocumentKind.READINGS)).isEqualTo(old + 1);

      // When one pass runs
      IndexRetention.Pass pass = retention(f, Map.of(DocumentKind.READINGS, TWO_DAYS)).runOnce();

      // Then all of them are gone, page after page
      assertThat(pass.deleted()).containsEntry(DocumentKind.READINGS, (long) old);
      assertThat(f.count(DocumentKind.READINGS)).isEqualTo(1);
    }
  }

  private static void bulkNdjson(SinkFixture f, String ndjson) {
    try {
      var request =
          java.net.http.HttpRequest.newBuilder(
                  URI.create(f.services.openSearch.httpUrl() + "/_bulk?refresh=true"))
              .header("Content-Type", "application/x-ndjson")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ndjson))
              .build();
      var response =
          java.net.http.HttpClient.newHttpClient()
              .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(response.body()).path("errors").asBoolean()).isFalse();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theLoopKeepsIndexingWhileRetentionPassesFail(Services services) {
    SinkFixture f = SinkFixture.create(services, 1);
    // Given a loop whose retention passes run every 200 ms against a cluster that is not there
    SearchSinkConfig config =
        f.config
            .withRetention(DocumentKind.READINGS, TWO_DAYS)
            .withRetentionInterval(Duration.ofMillis(200));
    SearchSinkConfig nowhere =
        config.toBuilder().openSearchUrl(URI.create("http://127.0.0.1:9")).build();
    var unreachable = OpenSearchClients.create(nowhere);
    try (f;
        SearchSinkLoop loop =
            SearchSinkLoop.create(
                config,
                client ->
                    new IndexRetention(
                        unreachable,
                        config.indexLayout(),
                        config.retention(),
                        Clock.systemUTC()))) {
      f.sendAll(
          f.topics.readings(),
          IntStream.range(0, 50)
              .mapToObj(i -> Samples.reading("BH-" + i, Samples.T0, 80.0))
              .toList());

      // When the loop runs through several failed passes
      loop.start();
      await().atMost(WAIT).until(() -> loop.retentionFailures() >= 3);

      // Then every record is indexed and committed, and the loop is still running
      await().atMost(WAIT).until(() -> loop.totals().indexed() >= 50);
      assertThat(f.count(DocumentKind.READINGS)).isEqualTo(50);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  f.committed(config.groupId(), f.topics.readings())
                      == f.endOffsets(f.topics.readings()));
      f.sendAll(
          f.topics.readings(),
          IntStream.range(0, 10)
              .mapToObj(i -> Samples.reading("BH-late-" + i, Samples.T0, 80.0))
              .toList());
      await().atMost(WAIT).until(() -> loop.totals().indexed() >= 60);
      assertThat(loop.running()).isTrue();
      assertThat(loop.retentionPasses()).isZero();
    } finally {
      try {
        unreachable._transport().close();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Test
  void theLambdaHandlerRunsOnePassFromItsSettings(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1)) {
      // Given old and young readings, and a handler keeping readings until a day before NOW by the
      // real clock
      fill(f);
      Duration age = Duration.between(NOW.minus(Duration.ofDays(1)), Instant.now());
      IndexRetentionHandler handler =
          new IndexRetentionHandler(
              Map.of(
                  "OPENSEARCH_URL", services.openSearch.httpUrl(),
                  "SINK_INDEX_PREFIX", f.config.indexPrefix(),
                  "SINK_RETENTION_READINGS", age.toString()));

      // When it is invoked as the schedule would
      handler.handleRequest(Map.of("detail-type", "Scheduled Event"), null);

      // Then the old readings are gone and the young one stays; other kinds are untouched
      assertThat(exists(f, DocumentKind.READINGS, "old-1")).isFalse();
      assertThat(exists(f, DocumentKind.READINGS, "young")).isTrue();
      assertThat(f.count(DocumentKind.ALERTS)).isEqualTo(3);
    }
  }

  @Test
  void theLoopRunsPassesOnItsInterval(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1)) {
      // Given old and young readings, and a loop keeping readings two days, passing every 200 ms
      fill(f);
      SearchSinkConfig config =
          f.config
              .withRetention(DocumentKind.READINGS, TWO_DAYS)
              .withRetentionInterval(Duration.ofMillis(200));
      // When the loop runs (its clock is the real one: OLD is far in the past)
      try (SearchSinkLoop loop = SearchSinkLoop.create(config).start()) {
        // Then a pass removed the old readings, and aggregates (kept forever) are untouched
        await().atMost(WAIT).until(() -> loop.retentionPasses() >= 1);
        assertThat(exists(f, DocumentKind.READINGS, "old-1")).isFalse();
        assertThat(f.count(DocumentKind.AGGREGATES)).isEqualTo(3);
      }
    }
  }
}
