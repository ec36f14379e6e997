package dev.geomonitor.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.bench.Workload.RawRecord;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.searchsink.DocumentKind;
import dev.geomonitor.searchsink.DocumentMapper;
import dev.geomonitor.searchsink.IndexAdmin;
import dev.geomonitor.searchsink.OpenSearchClients;
import dev.geomonitor.searchsink.OpenSearchRest;
import dev.geomonitor.searchsink.SearchSinkConfig;
import dev.geomonitor.searchsink.SearchSinkLoop;
import dev.geomonitor.searchsink.SinkRecord;
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
 * Docs/s of the search sink (readings topic -> loop -> bulk -> item checks -> commit) against plain
 * HTTP bulk requests of the same documents into an index built from the same template, at the best
 * of a few bulk sizes.
 */
public final class OpenSearchStage {
  static final int[] BULK_SIZES = {500, 2000, 5000};
  private static final PipelineVersion VERSION = PipelineVersion.parse("v1");
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private OpenSearchStage() {}

  public static Figure run(
      BenchServices services, List<RawRecord> workload, int repeat, Consumer<String> console) {
    String bootstrap = services.kafka().bootstrapServers();
    URI url = URI.create(services.openSearch().httpUrl());
    List<EnrichedReading> readings = PostgresStage.enriched(workload);
    List<byte[]> docs = readings.stream().map(OpenSearchStage::json).toList();
    HttpClient http = HttpClient.newHttpClient();
    List<Double> sink = new ArrayList<>();
    List<Double> bulk = new ArrayList<>();
    // Fresh JVMs index their first tens of thousands of documents several times slower (JIT in
    // OpenSearch and in
    // the sink; measured: a 5,000-document bulk takes 1.8 s first, 0.3 s after 30,000 documents).
    // Whichever of sink
    // and ceiling ran first would pay for it, so both warm up first: the sink on 20,000 documents,
    // then plain bulks
    // of up to 100,000 into a scratch index.
    int warmDocs = Math.min(docs.size(), 20_000);
    Topics warm = services.createTopics("search-warmup", 2);
    RawTopic.send(
        bootstrap,
        warm.readings(),
        records(readings.subList(0, warmDocs), docs.subList(0, warmDocs)));
    SearchSinkConfig warmConfig =
        SearchSinkConfig.local(url, bootstrap, warm, "benchwarm-").withGroupId("bench-sink-warm");
    drainSink(warmConfig, warmDocs);
    int warmBulk = Math.min(docs.size(), 100_000);
    bulkRate(
        http,
        url,
        warmConfig.indexLayout().index(DocumentKind.READINGS, VERSION),
        readings.subList(0, warmBulk),
        sinkDocuments(warmConfig, warm, readings.subList(0, warmBulk), docs.subList(0, warmBulk)),
        5000);
    for (int r = 1; r <= repeat; r++) {
      Topics topics = services.createTopics("search" + r, 2);
      RawTopic.send(bootstrap, topics.readings(), records(readings, docs));
      String prefix = "bench" + r + "-";
      SearchSinkConfig config =
          SearchSinkConfig.local(url, bootstrap, topics, prefix).withGroupId("bench-sink-" + r);
      if (System.getenv("BENCH_SINK_BULK") != null) {
        config = config.withBulkMaxDocs(Integer.parseInt(System.getenv("BENCH_SINK_BULK")));
      }
      String index = config.indexLayout().index(DocumentKind.READINGS, VERSION);
      double seconds = drainSink(config, docs.size());
      CountCheck.require(
          "search sink run " + r, "documents in " + index, docs.size(), count(http, url, index));
      sink.add(docs.size() / seconds);

      double best = 0;
      for (int size : BULK_SIZES) {
        if (size > docs.size() && size != BULK_SIZES[0]) {
          continue;
        }
        SearchSinkConfig raw =
            SearchSinkConfig.local(url, bootstrap, topics, "bench" + r + "raw" + size + "-");
        prepare(raw);
        String rawIndex = raw.indexLayout().index(DocumentKind.READINGS, VERSION);
        double rate =
            bulkRate(
                http, url, rawIndex, readings, sinkDocuments(raw, topics, readings, docs), size);
        CountCheck.require(
            "raw bulk run " + r + " size " + size,
            "documents in " + rawIndex,
            docs.size(),
            count(http, url, rawIndex));
        console.accept(String.format("    plain bulk of %d: %.0f docs/s", size, rate));
        best = Math.max(best, rate);
      }
      bulk.add(best);
      console.accept(
          String.format(
              "  OpenSearch run %d: sink %.0f docs/s, plain bulk (best size) %.0f docs/s",
              r, sink.get(r - 1), best));
    }
    return new Figure(
        "OpenSearch sink",
        "readings docs/s, Kafka to searchable",
        "docs/s",
        sink,
        "plain _bulk over HTTP of the sink's own documents, best of sizes 500/2000/5000",
        bulk,
        ">= 0.8 x raw bulk");
  }

  /** Seconds from the sink's start until it has indexed {@code expected} documents. */
  private static double drainSink(SearchSinkConfig config, long expected) {
    prepare(config);
    long start = System.nanoTime();
    try (SearchSinkLoop loop = SearchSinkLoop.create(config).start()) {
      long deadline = start + TIMEOUT.toNanos();
      while (loop.totals().indexed() < expected
          && loop.failure() == null
          && System.nanoTime() < deadline) {
        sleepBriefly();
      }
      if (loop.failure() != null) {
        throw new IllegalStateException(
            "the search sink failed: " + loop.failure().getMessage(), loop.failure());
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static List<RawRecord> records(List<EnrichedReading> readings, List<byte[]> docs) {
    List<RawRecord> out = new ArrayList<>(docs.size());
    for (int i = 0; i < docs.size(); i++) {
      out.add(new RawRecord(readings.get(i).readingId(), docs.get(i), readings.get(i).readingId()));
    }
    return out;
  }

  /**
   * The bodies the sink itself indexes for these readings (its DocumentMapper adds the geo_point
   * and keeps only known fields), so the ceiling indexes exactly the same documents; built before
   * the clock starts.
   */
  private static List<byte[]> sinkDocuments(
      SearchSinkConfig config, Topics topics, List<EnrichedReading> readings, List<byte[]> docs) {
    DocumentMapper mapper = new DocumentMapper(config.indexLayout(), topics, false);
    List<byte[]> out = new ArrayList<>(docs.size());
    for (int i = 0; i < docs.size(); i++) {
      SinkRecord record =
          new SinkRecord(topics.readings(), 0, i, readings.get(i).readingId(), docs.get(i));
      if (!(mapper.map(record) instanceof DocumentMapper.Document d)) {
        throw new IllegalStateException(
            "the sink would not index reading " + readings.get(i).readingId());
      }
      try {
        out.add(Json.MAPPER.writeValueAsBytes(d.document().body()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a document body always serializes", e);
      }
    }
    return out;
  }

  private static void prepare(SearchSinkConfig config) {
    IndexAdmin admin =
        new IndexAdmin(new OpenSearchRest(OpenSearchClients.create(config)), config.indexLayout());
    admin.installTemplates();
    admin.ensure(VERSION);
  }

  private static double bulkRate(
      HttpClient http,
      URI url,
      String index,
      List<EnrichedReading> readings,
      List<byte[]> docs,
      int size) {
    long start = System.nanoTime();
    for (int from = 0; from < docs.size(); from += size) {
      StringBuilder body = new StringBuilder();
      for (int i = from; i < Math.min(docs.size(), from + size); i++) {
        body.append("{\"index\":{\"_index\":\"")
            .append(index)
            .append("\",\"_id\":\"")
            .append(readings.get(i).readingId())
            .append("\"}}\n")
            .append(new String(docs.get(i), StandardCharsets.UTF_8))
            .append('\n');
      }
      JsonNode reply =
          send(
              http,
              HttpRequest.newBuilder(url.resolve("/_bulk"))
                  .header("Content-Type", "application/x-ndjson")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build());
      if (reply.path("errors").asBoolean(true)) {
        throw new IllegalStateException(
            "plain bulk into " + index + " reported item errors: " + reply.path("items").path(0));
      }
    }
    return docs.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** Documents searchable in {@code index} after a refresh. */
  static long count(HttpClient http, URI url, String index) {
    send(
        http,
        HttpRequest.newBuilder(url.resolve("/" + index + "/_refresh"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
    return send(http, HttpRequest.newBuilder(url.resolve("/" + index + "/_count")).GET().build())
        .path("count")
        .asLong(-1);
  }

  static JsonNode send(HttpClient http, HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            request.method()
                + " "
                + request.uri()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted during " + request.method() + " " + request.uri(), e);
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
