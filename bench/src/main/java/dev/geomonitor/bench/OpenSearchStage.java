package dev.geomonitor.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.bench.Workload.RawRecord;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.searchsink.DocumentKind;
import dev.geomonitor.searchsink.IndexAdmin;
import dev.geomonitor.searchsink.OpenSearchClients;
import dev.geomonitor.searchsink.OpenSearchRest;
import dev.geomonitor.searchsink.SearchSinkConfig;
import dev.geomonitor.searchsink.SearchSinkLoop;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Docs/s of the search sink (readings topic -> loop -> bulk -> item checks -> commit) against plain HTTP bulk
 * requests of the same documents into an index built from the same template, at the best of a few bulk sizes.
 */
public final class OpenSearchStage {
  static final int[] BULK_SIZES = {500, 2000, 5000};
  private static final PipelineVersion VERSION = PipelineVersion.parse("v1");
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private OpenSearchStage() {}

  public static Figure run(BenchServices services, List<RawRecord> workload, int repeat, Consumer<String> console) {
    String bootstrap = services.kafka().bootstrapServers();
    URI url = URI.create(services.openSearch().httpUrl());
    List<EnrichedReading> readings = PostgresStage.enriched(workload);
    List<byte[]> docs = readings.stream().map(OpenSearchStage::json).toList();
    HttpClient http = HttpClient.newHttpClient();
    List<Double> sink = new ArrayList<>();
    List<Double> bulk = new ArrayList<>();
    for (int r = 1; r <= repeat; r++) {
      Topics topics = services.createTopics("search" + r, 2);
      List<RawRecord> enriched = new ArrayList<>(docs.size());
      for (int i = 0; i < docs.size(); i++) {
        enriched.add(new RawRecord(readings.get(i).readingId(), docs.get(i), readings.get(i).readingId()));
      }
      RawTopic.send(bootstrap, topics.readings(), enriched);
      String prefix = "bench" + r + "-";
      SearchSinkConfig config = SearchSinkConfig.local(url, bootstrap, topics, prefix).withGroupId("bench-sink-" + r);
      prepare(config);
      String index = config.indexLayout().index(DocumentKind.READINGS, VERSION);
      long start = System.nanoTime();
      try (SearchSinkLoop loop = SearchSinkLoop.create(config).start()) {
        long deadline = start + TIMEOUT.toNanos();
        while (loop.totals().indexed() < docs.size() && loop.failure() == null && System.nanoTime() < deadline) {
          sleepBriefly();
        }
        if (loop.failure() != null) {
          throw new IllegalStateException("the search sink failed: " + loop.failure().getMessage(), loop.failure());
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      CountCheck.require("search sink run " + r, "documents in " + index, docs.size(), count(http, url, index));
      sink.add(docs.size() / seconds);

      double best = 0;
      for (int size : BULK_SIZES) {
        if (size > docs.size() && size != BULK_SIZES[0]) {
          continue;
        }
        SearchSinkConfig raw = SearchSinkConfig.local(url, bootstrap, topics, "bench" + r + "raw" + size + "-");
        prepare(raw);
        String rawIndex = raw.indexLayout().index(DocumentKind.READINGS, VERSION);
        double rate = bulkRate(http, url, rawIndex, readings, docs, size);
        CountCheck.require("raw bulk run " + r + " size " + size, "documents in " + rawIndex, docs.size(),
            count(http, url, rawIndex));
        best = Math.max(best, rate);
      }
      bulk.add(best);
      console.accept(String.format("  OpenSearch run %d: sink %.0f docs/s, plain bulk (best size) %.0f docs/s",
          r, sink.get(r - 1), best));
    }
    return new Figure("OpenSearch sink", "readings docs/s, Kafka to searchable", "docs/s", sink,
        "plain _bulk over HTTP, best of sizes 500/2000/5000", bulk, ">= 0.8 x raw bulk");
  }

  private static void prepare(SearchSinkConfig config) {
    IndexAdmin admin = new IndexAdmin(new OpenSearchRest(OpenSearchClients.create(config)), config.indexLayout());
    admin.installTemplates();
    admin.ensure(VERSION);
  }

  private static double bulkRate(HttpClient http, URI url, String index, List<EnrichedReading> readings,
      List<byte[]> docs, int size) {
    long start = System.nanoTime();
    for (int from = 0; from < docs.size(); from += size) {
      StringBuilder body = new StringBuilder();
      for (int i = from; i < Math.min(docs.size(), from + size); i++) {
        body.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"")
            .append(readings.get(i).readingId()).append("\"}}\n")
            .append(new String(docs.get(i), StandardCharsets.UTF_8)).append('\n');
      }
      JsonNode reply = send(http, HttpRequest.newBuilder(url.resolve("/_bulk"))
          .header("Content-Type", "application/x-ndjson")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
      if (reply.path("errors").asBoolean(true)) {
        throw new IllegalStateException("plain bulk into " + index + " reported item errors: "
            + reply.path("items").path(0));
      }
    }
    return docs.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** Documents searchable in {@code index} after a refresh. */
  static long count(HttpClient http, URI url, String index) {
    send(http, HttpRequest.newBuilder(url.resolve("/" + index + "/_refresh"))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    return send(http, HttpRequest.newBuilder(url.resolve("/" + index + "/_count")).GET().build())
        .path("count").asLong(-1);
  }

  static JsonNode send(HttpClient http, HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            request.method() + " " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
    }
  }

  private static byte[] json(EnrichedReading reading) {
    try {
      return Json.MAPPER.writeValueAsBytes(reading);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an EnrichedReading always serializes", e);
    }
  }

  /** Polling the sink's totals every 20 ms adds at most 20 ms to a multi-second measurement. */
  private static void sleepBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the search sink", e);
    }
  }
}
