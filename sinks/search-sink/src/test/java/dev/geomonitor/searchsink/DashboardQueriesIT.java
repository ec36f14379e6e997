package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.TriggerStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The queries behind the dashboard panels, on a small known data set indexed by the sink core. */
@ExtendWith(Services.Resolver.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesIT {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  // BH-A and BH-B are ~650 m apart in the CBD; BH-C is ~3 km south-east.
  private static final double[] A = {-37.8100, 144.9600};
  private static final double[] B = {-37.8150, 144.9650};
  private static final double[] C = {-37.8300, 144.9900};

  private SinkFixture f;

  private static EnrichedReading at(
      String borehole, double[] where, int minute, TriggerStatus status) {
    return Samples.reading(
        borehole, T0.plusSeconds(60L * minute), 80.0 + minute, where[0], where[1], status);
  }

  @BeforeAll
  void indexKnownReadings(Services services) throws Exception {
    f = SinkFixture.create(services, 1);
    List<EnrichedReading> readings =
        List.of(
            at("BH-A", A, 0, TriggerStatus.NORMAL), at("BH-A", A, 1, TriggerStatus.ALERT),
            at("BH-A", A, 2, TriggerStatus.ALARM), at("BH-B", B, 0, TriggerStatus.NORMAL),
            at("BH-B", B, 1, TriggerStatus.NORMAL), at("BH-C", C, 2, TriggerStatus.ACTION));
    new IndexAdmin(f.rest, f.config.indexLayout()).ensure(f.config.pipelineVersion());
    List<SinkRecord> records = new ArrayList<>();
    for (int i = 0; i < readings.size(); i++) {
      records.add(new SinkRecord(f.topics.readings(), 0, i, null, Samples.json(readings.get(i))));
    }
    try (SearchSink sink =
        SearchSink.create(
            f.config,
            f.client,
            new KafkaDeadLetterPublisher(
                new KafkaProducer<>(KafkaClientSettings.producer(f.config)), f.topics.dlq()),
            StopSignal.never())) {
      assertThat(sink.process(records).indexed()).isEqualTo(6);
    }
  }

  @AfterAll
  void close() {
    if (f != null) {
      f.close();
    }
  }

  private static JsonNode json(String text) throws IOException {
    return Json.MAPPER.readTree(text);
  }

  private static JsonNode visState(String id) throws IOException {
    try (InputStream in =
        DashboardQueriesIT.class.getResourceAsStream("/dashboards/geomonitor.ndjson")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        JsonNode o = json(line);
        if (o.path("id").asText().equals(id)) {
          return json(o.path("attributes").path("visState").asText());
        }
      }
    }
    throw new AssertionError("no saved object " + id);
  }

  private static Map<String, Long> buckets(JsonNode agg) {
    Map<String, Long> out = new HashMap<>();
    agg.path("buckets")
        .forEach(
            b ->
                out.put(
                    b.has("key_as_string")
                        ? b.path("key_as_string").asText()
                        : b.path("key").asText(),
                    b.path("doc_count").asLong()));
    return out;
  }

  @Test
  void readingsPerMinuteHistogramCountsEachMinute() throws Exception {
    // Given the panel's own date_histogram field and interval
    JsonNode histogram =
        visState("geomonitor-readings-per-minute").path("aggs").get(1).path("params");
    assertThat(histogram.path("interval").asText()).isEqualTo("m");
    ObjectNode body =
        (ObjectNode)
            json(
                "{\"size\":0,\"aggs\":{\"per_minute\":{\"date_histogram\":{\"field\":\""
                    + histogram.path("field").asText()
                    + "\",\"fixed_interval\":\"1m\",\"format\":\"HH:mm\"}}}}");
    // When it runs through the alias; Then each of the three minutes holds two readings
    JsonNode result = f.search(DocumentKind.READINGS, body);
    assertThat(buckets(result.path("aggregations").path("per_minute")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("10:00", 2L, "10:01", 2L, "10:02", 2L));
  }

  @Test
  void boundingBoxAndDistanceQueriesFindTheBoreholesInsideThem() throws Exception {
    JsonNode box =
        f.search(
            DocumentKind.READINGS,
            json(
                "{\"size\":0,\"query\":{\"geo_bounding_box\":{\"location\":"
                    + "{\"top_left\":{\"lat\":-37.805,\"lon\":144.955},\"bottom_right\":{\"lat\":-37.820,\"lon\":144.970}}}},"
                    + "\"aggs\":{\"b\":{\"terms\":{\"field\":\"borehole_number\"}}}}"));
    assertThat(buckets(box.path("aggregations").path("b")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("BH-A", 3L, "BH-B", 2L));
    JsonNode near =
        f.search(
            DocumentKind.READINGS,
            json(
                "{\"size\":0,\"query\":{\"geo_distance\":{\"distance\":"
                    + "\"300m\",\"location\":{\"lat\":-37.8100,\"lon\":144.9600}}},\"aggs\":{\"b\":{\"terms\":"
                    + "{\"field\":\"borehole_number\"}}}}"));
    assertThat(buckets(near.path("aggregations").path("b")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("BH-A", 3L));
    JsonNode wide =
        f.search(
            DocumentKind.READINGS,
            json(
                "{\"size\":0,\"query\":{\"geo_distance\":{\"distance\":"
                    + "\"1km\",\"location\":{\"lat\":-37.8100,\"lon\":144.9600}}}}"));
    assertThat(wide.path("hits").path("total").path("value").asLong()).isEqualTo(5);
  }

  @Test
  void instrumentMapQueryGivesEachBoreholesLatestTriggerStatusAndPosition() throws Exception {
    // Given the query body of the map panel, exactly as saved
    JsonNode spec =
        json(visState("geomonitor-instrument-map").path("params").path("spec").asText());
    JsonNode body = spec.path("data").get(0).path("url").path("body");
    // When it runs through the alias
    JsonNode result = f.search(DocumentKind.READINGS, body);
    // Then each borehole's latest reading carries the status to colour it by, and its geo point
    Map<String, String> status = new HashMap<>();
    Map<String, Double> lat = new HashMap<>();
    for (JsonNode bucket : result.path("aggregations").path("by_borehole").path("buckets")) {
      JsonNode source = bucket.path("latest").path("hits").path("hits").get(0).path("_source");
      status.put(bucket.path("key").asText(), source.path("trigger_status").asText());
      lat.put(bucket.path("key").asText(), source.path("location").path("lat").asDouble());
    }
    assertThat(status)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("BH-A", "ALARM", "BH-B", "NORMAL", "BH-C", "ACTION"));
    assertThat(lat).containsEntry("BH-C", C[0]);
  }

  @Test
  void latestReadingsTableGroupsByBoreholeWithTheNewestValue() throws Exception {
    JsonNode aggs = visState("geomonitor-latest-readings").path("aggs");
    String boreholeField = aggs.get(5).path("params").path("field").asText();
    String valueField = aggs.get(1).path("params").path("field").asText();
    JsonNode result =
        f.search(
            DocumentKind.READINGS,
            json(
                "{\"size\":0,\"aggs\":{\"b\":{\"terms\":{\"field\":\""
                    + boreholeField
                    + "\"},\"aggs\":{\"v\":{\"top_hits\":{\"size\":1,\"sort\":[{\"ts\":\"desc\"}],\"_source\":[\""
                    + valueField
                    + "\"]}}}}}}"));
    Map<String, Double> latest = new HashMap<>();
    result
        .path("aggregations")
        .path("b")
        .path("buckets")
        .forEach(
            b ->
                latest.put(
                    b.path("key").asText(),
                    b.path("v")
                        .path("hits")
                        .path("hits")
                        .get(0)
                        .path("_source")
                        .path(valueField)
                        .asDouble()));
    assertThat(latest)
        .containsExactlyInAnyOrderEntriesOf(Map.of("BH-A", 82.0, "BH-B", 81.0, "BH-C", 82.0));
  }
}
