package dev.geomonitor.alarms;

import static dev.geomonitor.alarms.SiteDatabase.alert;
import static dev.geomonitor.alarms.SiteDatabase.reading;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.embedded.OpenSearchNode;
import dev.geomonitor.embedded.testing.TestServices;
import dev.geomonitor.embedded.testing.UniqueNames;
import dev.geomonitor.searchsink.IndexLayout;
import dev.geomonitor.searchsink.OpenSearchClients;
import dev.geomonitor.searchsink.OpenSearchConnection;
import dev.geomonitor.searchsink.OpenSearchRest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Alarms indexed into a real OpenSearch node from a real PostgreSQL by the alarm processor's pass:
 * one document per alarm that follows its row, nothing lost while OpenSearch is away, repeats
 * harmless, and the Alarms dashboard's queries answering from what was indexed.
 */
@ExtendWith({TestServices.class, SiteDatabase.class})
class AlarmSearchIT {
  private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
  private final String prefix = UniqueNames.indexPrefix("alarms");

  private AlarmProcessor processor(SiteDatabase.Site site, URI openSearch) {
    AlarmSearch search =
        new AlarmSearch(OpenSearchConnection.plain(openSearch), new IndexLayout(prefix));
    return AlarmRuntime.processor(
        AlarmConfig.defaults().withSearch(search), site.dataSource(), clock);
  }

  private static OpenSearchRest rest(OpenSearchNode node) {
    return new OpenSearchRest(
        OpenSearchClients.create(OpenSearchConnection.plain(URI.create(node.httpUrl()))));
  }

  /** Every alarm document by alarm id, as searchers see it now. */
  private Map<Long, JsonNode> documents(OpenSearchRest rest) {
    rest.expectOk("POST", "/" + prefix + "alarms/_refresh", null);
    JsonNode hits =
        rest.expectOk(
                "POST",
                "/" + prefix + "alarms/_search?version=true",
                json("{\"size\":1000,\"query\":{\"match_all\":{}}}"))
            .path("hits")
            .path("hits");
    Map<Long, JsonNode> out = new HashMap<>();
    for (JsonNode hit : hits) {
      ObjectNode source = (ObjectNode) hit.path("_source");
      source.put("_version", hit.path("_version").asLong());
      out.put(Long.parseLong(hit.path("_id").asText()), source);
    }
    return out;
  }

  private static Map<Long, Long> revisions(SiteDatabase.Site site) {
    Map<Long, Long> out = new HashMap<>();
    for (String row :
        site.column(
            "SELECT alarm_id || ' ' || revision || ' ' || indexed_revision FROM monitoring.alarms")) {
      String[] parts = row.split(" ");
      assertThat(parts[2]).as("alarm %s indexed at its revision", parts[0]).isEqualTo(parts[1]);
      out.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }
    return out;
  }

  private static long id(SiteDatabase.Site site, String series, String kind) {
    return site.count(
        "SELECT alarm_id FROM monitoring.alarms WHERE series_key = '"
            + series
            + "' AND kind = '"
            + kind
            + "'");
  }

  @Test
  void eachAlarmIsOneDocumentThatFollowsItsRow(SiteDatabase.Site site, OpenSearchNode node) {
    // Given: a standpipe going Alert then Alarm, another at Action, and a piezometer that reports
    AlarmProcessor processor = processor(site, URI.create(node.httpUrl()));
    OpenSearchRest rest = rest(node);
    site.writeAlerts(
        List.of(
            alert("BH-1", T0, TriggerStatus.NORMAL, TriggerStatus.ALERT, 87.1),
            alert("BH-1", T0.plusSeconds(60), TriggerStatus.ALERT, TriggerStatus.ALARM, 88.1),
            alert("BH-2", T0, TriggerStatus.NORMAL, TriggerStatus.ACTION, 89.5)));
    site.writeReadings(List.of(reading("piezometer", "VWP-1", T0, 101.0)));

    // When: a pass; ten minutes later j.smith acknowledges BH-1 and a pass runs; the piezometer
    // stays silent past its hour and a pass runs
    AlarmProcessor.Pass first = processor.runOnce();
    Map<Long, JsonNode> afterFirst = documents(rest);
    clock.advance(Duration.ofMinutes(10));
    long bh1 = id(site, "water_standpipe:BH-1", "LEVEL");
    processor.store().acknowledge(bh1, "j.smith", "dipped: confirmed", clock.instant());
    processor.runOnce();
    JsonNode acknowledged = documents(rest).get(bh1);
    clock.advance(Duration.ofMinutes(61));
    processor.runOnce();
    AlarmProcessor.Pass idle = processor.runOnce();

    // Then
    assertThat(first.alarmsIndexed()).isEqualTo(2);
    assertThat(afterFirst.get(bh1).path("state").asText()).isEqualTo("RAISED");
    assertThat(afterFirst.get(bh1).path("level").asText()).isEqualTo("ALARM");
    assertThat(afterFirst.get(bh1).path("kind").asText()).isEqualTo("LEVEL");
    assertThat(afterFirst.get(bh1).path("open").asBoolean()).isTrue();
    assertThat(afterFirst.get(bh1).path("series").asText()).isEqualTo("water_standpipe:BH-1");
    assertThat(afterFirst.get(bh1).path("borehole_number").asText()).isEqualTo("BH-1");
    assertThat(afterFirst.get(bh1).has("acknowledged_at"))
        .as("unset fields are left out")
        .isFalse();
    assertThat(acknowledged.path("state").asText()).isEqualTo("ACKNOWLEDGED");
    assertThat(acknowledged.path("acknowledged_by").asText()).isEqualTo("j.smith");
    assertThat(acknowledged.path("seconds_to_acknowledge").asLong()).isEqualTo(600);
    Map<Long, JsonNode> last = documents(rest);
    long stale = id(site, "piezometer:VWP-1", "STALE");
    assertThat(last.get(stale).path("level").asText()).isEqualTo("STALE");
    assertThat(last.get(stale).path("state").asText()).isEqualTo("RAISED");
    assertThat(last).hasSize((int) site.count("SELECT count(*) FROM monitoring.alarms"));
    Map<Long, Long> revisions = revisions(site);
    last.forEach(
        (id, doc) ->
            assertThat(doc.path("_version").asLong())
                .as("alarm %s document version", id)
                .isEqualTo(revisions.get(id)));
    assertThat(idle.alarmsIndexed()).as("nothing changed, nothing sent").isZero();
  }

  @Test
  void openSearchAwayDuringPassesLosesNothingAndTheNextPassCatchesUp(
      SiteDatabase.Site site, OpenSearchNode node) {
    try (SwitchableProxy proxy = SwitchableProxy.to(URI.create(node.httpUrl()))) {
      // Given: one alarm indexed
      AlarmProcessor processor = processor(site, proxy.url());
      OpenSearchRest rest = rest(node);
      site.writeAlerts(List.of(alert("BH-1", T0, TriggerStatus.NORMAL, TriggerStatus.ALARM, 88)));
      assertThat(processor.runOnce().alarmsIndexed()).isEqualTo(1);
      long bh1 = id(site, "water_standpipe:BH-1", "LEVEL");

      // When: OpenSearch goes away; three new crossings and an acknowledgement meanwhile
      proxy.cut();
      site.writeAlerts(
          List.of(
              alert("BH-2", T0, TriggerStatus.NORMAL, TriggerStatus.ALERT, 87),
              alert("BH-3", T0, TriggerStatus.NORMAL, TriggerStatus.ACTION, 90),
              alert("BH-4", T0, TriggerStatus.NORMAL, TriggerStatus.ALARM, 88)));
      AlarmProcessor.Pass whileAway = processor.runOnce();
      processor.store().acknowledge(bh1, "j.smith", null, clock.instant());
      AlarmProcessor.Pass backingOff = processor.runOnce();
      Map<Long, JsonNode> duringOutage = documents(rest);
      // ... and comes back; the next pass after the backoff
      proxy.restore();
      clock.advance(Duration.ofSeconds(5));
      AlarmProcessor.Pass back = processor.runOnce();

      // Then: the alarms were processed and told while OpenSearch was away
      assertThat(whileAway.alertsApplied()).isEqualTo(3);
      assertThat(whileAway.alarmsIndexed()).isEqualTo(-1);
      assertThat(backingOff.alarmsIndexed()).as("no attempt during the backoff").isZero();
      assertThat(site.count("SELECT count(*) FROM monitoring.alarm_notifications")).isEqualTo(4);
      assertThat(duringOutage).hasSize(1);
      // and once it is back every alarm is there, up to date
      assertThat(back.alarmsIndexed()).isEqualTo(4);
      Map<Long, JsonNode> docs = documents(rest);
      assertThat(docs).hasSize((int) site.count("SELECT count(*) FROM monitoring.alarms"));
      assertThat(docs.get(bh1).path("state").asText()).isEqualTo("ACKNOWLEDGED");
      revisions(site);
    }
  }

  @Test
  void aRepeatedPassChangesNoDocument(SiteDatabase.Site site, OpenSearchNode node) {
    // Given: alarms indexed, one acknowledged after its first indexing
    AlarmProcessor processor = processor(site, URI.create(node.httpUrl()));
    OpenSearchRest rest = rest(node);
    site.writeAlerts(
        List.of(
            alert("BH-1", T0, TriggerStatus.NORMAL, TriggerStatus.ALARM, 88),
            alert("BH-2", T0, TriggerStatus.NORMAL, TriggerStatus.ALERT, 87)));
    processor.runOnce();
    long bh1 = id(site, "water_standpipe:BH-1", "LEVEL");
    processor.store().acknowledge(bh1, "j.smith", null, clock.instant());
    processor.runOnce();
    Map<Long, JsonNode> before = documents(rest);

    // When: PostgreSQL forgets what OpenSearch took (a crash between the bulk and its record)
    // and the next pass sends every alarm again
    site.column("UPDATE monitoring.alarms SET indexed_revision = 0 RETURNING alarm_id");
    AlarmProcessor.Pass repeat = processor.runOnce();

    // Then: OpenSearch refuses the repeats as version conflicts; nothing changed, all recorded
    assertThat(repeat.alarmsIndexed()).isEqualTo(2);
    assertThat(documents(rest)).isEqualTo(before);
    revisions(site);
  }

  @Test
  void anIndexDeletedByHandIsRebuiltFromTheRows(SiteDatabase.Site site, OpenSearchNode node) {
    // Given: two alarms indexed
    AlarmProcessor processor = processor(site, URI.create(node.httpUrl()));
    OpenSearchRest rest = rest(node);
    site.writeAlerts(
        List.of(
            alert("BH-1", T0, TriggerStatus.NORMAL, TriggerStatus.ALARM, 88),
            alert("BH-2", T0, TriggerStatus.NORMAL, TriggerStatus.ALERT, 87)));
    processor.runOnce();

    // When: someone deletes the index, then asks for a rebuild as the README says
    rest.expectOk("DELETE", "/" + prefix + "alarms-v1", null);
    site.column("UPDATE monitoring.alarms SET indexed_revision = 0 RETURNING alarm_id");
    AlarmProcessor.Pass first = processor.runOnce();
    clock.advance(Duration.ofSeconds(5));
    AlarmProcessor.Pass second = processor.runOnce();

    // Then: no stray index with guessed mappings; the alias, its template's mapping and both
    // documents are back
    assertThat(first.alarmsIndexed()).as("items refused without the alias").isZero();
    assertThat(second.alarmsIndexed()).isEqualTo(2);
    assertThat(rest.call("HEAD", "/" + prefix + "alarms-v1", null).ok()).isTrue();
    assertThat(
            rest.expectOk("GET", "/" + prefix + "alarms/_mapping", null)
                .findPath("seconds_to_acknowledge")
                .path("type")
                .asText())
        .isEqualTo("long");
    assertThat(documents(rest)).hasSize(2);
    revisions(site);
  }

  @Test
  void theAlarmsDashboardQueriesAnswerFromTheIndexedAlarms(
      SiteDatabase.Site site, OpenSearchNode node) throws IOException {
    // Given: BH-1 at ALARM acknowledged after 10 minutes, BH-2 at ACTION after 2, BH-3 an ALERT
    // that cleared, got its all-clear and an acknowledgement (closed), VWP-1 silent (STALE)
    AlarmProcessor processor = processor(site, URI.create(node.httpUrl()));
    OpenSearchRest rest = rest(node);
    site.writeAlerts(
        List.of(
            alert("BH-1", T0, TriggerStatus.NORMAL, TriggerStatus.ALARM, 88),
            alert("BH-2", T0, TriggerStatus.NORMAL, TriggerStatus.ACTION, 90),
            alert("BH-3", T0, TriggerStatus.NORMAL, TriggerStatus.ALERT, 87),
            alert("BH-3", T0.plusSeconds(60), TriggerStatus.ALERT, TriggerStatus.NORMAL, 86)));
    site.writeReadings(List.of(reading("piezometer", "VWP-1", T0, 101.0)));
    processor.runOnce();
    clock.advance(Duration.ofMinutes(2));
    processor
        .store()
        .acknowledge(id(site, "water_standpipe:BH-2", "LEVEL"), "a.b", null, clock.instant());
    clock.advance(Duration.ofMinutes(8));
    processor
        .store()
        .acknowledge(id(site, "water_standpipe:BH-1", "LEVEL"), "j.smith", null, clock.instant());
    clock.advance(Duration.ofMinutes(61));
    processor.runOnce(); // BH-3's all-clear; VWP-1 stale
    processor
        .store()
        .acknowledge(id(site, "water_standpipe:BH-3", "LEVEL"), "j.smith", null, clock.instant());
    processor.runOnce();
    documents(rest); // refreshed

    // When / Then: each panel's query, as saved
    JsonNode byLevel = run(rest, "geomonitor-open-alarms-by-level");
    assertThat(termCounts(byLevel, "2")).isEqualTo(Map.of("ALARM", 1L, "ACTION", 1L, "STALE", 1L));

    JsonNode staleInstruments = run(rest, "geomonitor-stale-instruments");
    assertThat(termCounts(staleInstruments, "3")).isEqualTo(Map.of("piezometer:VWP-1", 1L));

    JsonNode toAcknowledge = run(rest, "geomonitor-time-to-acknowledge");
    Map<String, Double> median = new HashMap<>();
    for (JsonNode bucket : toAcknowledge.path("aggregations").path("4").path("buckets")) {
      median.put(
          bucket.path("key").asText(), bucket.path("2").path("values").path("50.0").asDouble());
    }
    assertThat(median).containsEntry("ALARM", 600.0).containsEntry("ACTION", 120.0);
    assertThat(median).containsKey("ALERT").doesNotContainKey("STALE");

    JsonNode recent = savedObject("geomonitor-recent-alarms").path("attributes");
    String sortField = recent.path("sort").get(0).get(0).asText();
    JsonNode hits =
        rest.expectOk(
                "POST",
                "/" + prefix + "alarms/_search",
                json("{\"size\":10,\"sort\":[{\"" + sortField + "\":\"desc\"}]}"))
            .path("hits")
            .path("hits");
    assertThat(hits).hasSize(4);
    assertThat(hits.get(0).path("_source").path("kind").asText()).isEqualTo("STALE");
    java.util.Set<String> fields = new java.util.HashSet<>();
    hits.forEach(h -> h.path("_source").fieldNames().forEachRemaining(fields::add));
    recent.path("columns").forEach(c -> assertThat(fields).as("columns").contains(c.asText()));
  }

  /** Runs a table or bar visualization's aggregations under its saved query. */
  private JsonNode run(OpenSearchRest rest, String id) throws IOException {
    JsonNode attributes = savedObject(id).path("attributes");
    JsonNode vis = json(attributes.path("visState").asText());
    String query =
        json(attributes.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText())
            .path("query")
            .path("query")
            .asText();
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("size", 0);
    body.putObject("query").putObject("query_string").put("query", query);
    ObjectNode level = body;
    List<JsonNode> metrics = new java.util.ArrayList<>();
    for (JsonNode agg : vis.path("aggs")) {
      JsonNode params = agg.path("params");
      switch (agg.path("type").asText()) {
        case "terms" -> {
          ObjectNode terms =
              level.with("aggs").putObject(agg.path("id").asText()).putObject("terms");
          terms.put("field", params.path("field").asText());
          terms.put("size", params.path("size").asInt(10));
          level = (ObjectNode) level.path("aggs").path(agg.path("id").asText());
        }
        case "count" -> {}
        default -> metrics.add(agg);
      }
    }
    for (JsonNode agg : metrics) {
      ObjectNode metric =
          level
              .with("aggs")
              .putObject(agg.path("id").asText())
              .putObject(agg.path("type").asText());
      metric.put("field", agg.path("params").path("field").asText());
      if (agg.path("params").has("percents")) {
        metric.set("percents", agg.path("params").path("percents"));
      }
    }
    return rest.expectOk("POST", "/" + prefix + "alarms/_search", body);
  }

  private static Map<String, Long> termCounts(JsonNode result, String aggId) {
    Map<String, Long> out = new HashMap<>();
    result
        .path("aggregations")
        .path(aggId)
        .path("buckets")
        .forEach(b -> out.put(b.path("key").asText(), b.path("doc_count").asLong()));
    return out;
  }

  private static JsonNode savedObject(String id) throws IOException {
    try (InputStream in =
        AlarmSearchIT.class.getResourceAsStream("/dashboards/geomonitor.ndjson")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        JsonNode o = Json.MAPPER.readTree(line);
        if (o.path("id").asText().equals(id)) {
          return o;
        }
      }
    }
    throw new AssertionError("no saved object " + id);
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
