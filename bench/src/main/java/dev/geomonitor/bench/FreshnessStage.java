package dev.geomonitor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.bench.Workload.RawRecord;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.job.JobConfig;
import dev.geomonitor.job.StreamingJob;
import dev.geomonitor.platform.kafka.RawReadingsProducer;
import dev.geomonitor.searchsink.DocumentKind;
import dev.geomonitor.searchsink.SearchSinkConfig;
import dev.geomonitor.searchsink.SearchSinkLoop;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;

/**
 * Readings produced at a steady rate with timestamp = send time through the real job and sink;
 * after a warm-up (the job's first batches run cold: JIT, code generation), every (rate /
 * probesPerSecond)-th reading is a probe whose arrival is looked up by id in OpenSearch (an ids
 * search on the readings alias) and in PostgreSQL (monitoring.readings). Freshness = lookup success
 * time - reading timestamp. The lookups run on their own thread, all unseen probes in one request
 * per store every {@link #LOOKUP_EVERY}, so neither the sending pace nor the measured times depend
 * on how many probes are outstanding.
 */
public final class FreshnessStage {
  static final int PROBES_PER_SECOND = 10;
  private static final PipelineVersion VERSION = PipelineVersion.parse("v1");
  private static final Duration SETTLE = Duration.ofSeconds(30);
  static final Duration WARM_UP = Duration.ofSeconds(10);
  static final Duration LOOKUP_EVERY = Duration.ofMillis(20);

  private FreshnessStage() {}

  /** A probe: its id and timestamp, and when it was seen in each store (null until then). */
  static final class Probe {
    final String id;
    final Instant ts;
    volatile Instant searchable;
    volatile Instant committed;

    Probe(String id, Instant ts) {
      this.id = id;
      this.ts = ts;
    }
  }

  public static List<Figure> run(
      BenchServices services,
      SparkSession spark,
      Workload workload,
      int rate,
      int seconds,
      Path work,
      Consumer<String> console)
      throws Exception {
    String bootstrap = services.kafka().bootstrapServers();
    URI url = URI.create(services.openSearch().httpUrl());
    Topics topics = services.createTopics("fresh", 2);
    String jdbcUrl = services.createDatabase("bench_fresh_" + System.nanoTime() % 100_000);
    BatchStore store = new BatchStore(new BatchStoreConfig(jdbcUrl, "postgres", "postgres"));
    store.migrate(VERSION);
    store.activate(VERSION);
    SearchSinkConfig sinkConfig =
        SearchSinkConfig.local(url, bootstrap, topics, "benchfresh-")
            .withGroupId("bench-fresh-sink");
    String alias = sinkConfig.indexLayout().alias(DocumentKind.READINGS);
    JobConfig jobConfig =
        JobConfig.builder()
            .bootstrapServers(bootstrap)
            .topics(topics)
            .startingOffsets("earliest")
            .checkpointLocation(work.resolve("cp-fresh").toString())
            .shufflePartitions(2)
            .jdbcUrl(jdbcUrl)
            .jdbcUser("postgres")
            .jdbcPassword("postgres")
            .build();
    List<Probe> probes = new CopyOnWriteArrayList<>();
    HttpClient http = HttpClient.newHttpClient();
    try (StreamingJob job = StreamingJob.start(spark, jobConfig);
        SearchSinkLoop sink = SearchSinkLoop.create(sinkConfig).start();
        Producer<String, byte[]> producer = RawReadingsProducer.create(bootstrap);
        Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        PreparedStatement committed =
            db.prepareStatement(
                // The ts bound lets the ts index narrow the scan to the last seconds (reading_id
                // has no index).
                "SELECT reading_id FROM monitoring.readings WHERE ts >= ? AND reading_id = ANY (?)")) {
      long warmUp = (long) rate * WARM_UP.toSeconds();
      long total = warmUp + (long) rate * seconds;
      long probeEvery = Math.max(1, rate / PROBES_PER_SECOND);
      ExecutorService lookups =
          Executors.newSingleThreadExecutor(r -> new Thread(r, "freshness-lookups"));
      AtomicBoolean sending = new AtomicBoolean(true);
      Future<?> looking =
          lookups.submit(
              () -> {
                long deadline = Long.MAX_VALUE;
                while (!allSeen(probes) || sending.get()) {
                  if (!sending.get() && deadline == Long.MAX_VALUE) {
                    deadline = System.nanoTime() + SETTLE.toNanos();
                  }
                  if (System.nanoTime() > deadline) {
                    return null;
                  }
                  lookUp(probes, http, url, alias, db, committed);
                  Thread.sleep(LOOKUP_EVERY.toMillis());
                }
                return null;
              });
      try {
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
          long due = start + i * 1_000_000_000L / rate;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          Instant now = Instant.now();
          RawRecord r = workload.reading(i, now, now);
          producer.send(new ProducerRecord<>(topics.raw(), r.key(), r.value()));
          if (i >= warmUp && (i - warmUp) % probeEvery == 0) {
            probes.add(new Probe(r.readingId(), now));
          }
          if (looking.isDone()) {
            looking.get(); // a lookup failed: report it now
          }
        }
        producer.flush();
      } finally {
        sending.set(false);
      }
      looking.get();
      lookups.shutdown();
      if (job.readingsQuery().exception().isDefined()) {
        throw new IllegalStateException(
            "the job failed during the freshness run", job.readingsQuery().exception().get());
      }
    }
    // A probe not seen by the end of the settle time is no proof of loss (the pipeline may lag the
    // rate): it counts
    // with the time waited, a lower bound, and the measure says how many were cut off that way.
    Instant gaveUp = Instant.now();
    long unseenSearch = probes.stream().filter(p -> p.searchable == null).count();
    long unseenCommit = probes.stream().filter(p -> p.committed == null).count();
    List<Double> toSearch =
        probes.stream()
            .map(p -> seconds(p.ts, p.searchable == null ? gaveUp : p.searchable))
            .toList();
    List<Double> toCommit =
        probes.stream()
            .map(p -> seconds(p.ts, p.committed == null ? gaveUp : p.committed))
            .toList();
    if (probes.isEmpty()) {
      throw new IllegalStateException(
          "the freshness run sent no probe: raise --freshness-seconds or --rate");
    }
    console.accept(
        String.format(
            "  freshness over %d probes: searchable p95 %.2f s, committed p95 %.2f s",
            probes.size(), Stats.percentile(toSearch, 95), Stats.percentile(toCommit, 95)));
    String stage = "freshness at " + rate + " readings/s";
    List<Figure> out = new ArrayList<>();
    for (int p : new int[] {50, 95, 99}) {
      String target = p == 95 ? "<= 2 s" : p == 99 ? "<= 3 s" : "";
      out.add(
          Figure.withoutCeiling(
              stage,
              "p"
                  + p
                  + " to searchable (OpenSearch, "
                  + probes.size()
                  + " probes"
                  + cutOff(unseenSearch)
                  + ")",
              "s",
              List.of(Stats.percentile(toSearch, p)),
              target));
      out.add(
          Figure.withoutCeiling(
              stage,
              "p" + p + " to committed (PostgreSQL" + cutOff(unseenCommit) + ")",
              "s",
              List.of(Stats.percentile(toCommit, p)),
              target));
    }
    return out;
  }

  /** One lookup round: the unseen probes by id, in one _mget and one SQL query. */
  private static void lookUp(
      List<Probe> probes,
      HttpClient http,
      URI url,
      String alias,
      Connection db,
      PreparedStatement committed)
      throws Exception {
    Map<String, Probe> unseenSearch = new HashMap<>();
    Map<String, Probe> unseenCommit = new HashMap<>();
    for (Probe p : probes) {
      if (p.searchable == null) {
        unseenSearch.put(p.id, p);
      }
      if (p.committed == null) {
        unseenCommit.put(p.id, p);
      }
    }
    if (!unseenSearch.isEmpty()) {
      for (String id : found(http, url, alias, unseenSearch.keySet())) {
        unseenSearch.get(id).searchable = Instant.now();
      }
    }
    if (!unseenCommit.isEmpty()) {
      Instant oldest =
          unseenCommit.values().stream().map(p -> p.ts).min(Instant::compareTo).orElseThrow();
      committed.setTimestamp(1, java.sql.Timestamp.from(oldest.minusSeconds(1)));
      committed.setArray(2, db.createArrayOf("text", unseenCommit.keySet().toArray()));
      try (ResultSet rs = committed.executeQuery()) {
        Instant now = Instant.now();
        while (rs.next()) {
          unseenCommit.get(rs.getString(1)).committed = now;
        }
      }
    }
  }

  /**
   * The ids a search finds: "searchable" as a dashboard sees it, after an index refresh (1 s by
   * default). A realtime GET would force a refresh per lookup round and slow the very node being
   * measured.
   */
  private static List<String> found(HttpClient http, URI url, String alias, Collection<String> ids)
      throws Exception {
    ObjectNode query = Json.MAPPER.createObjectNode();
    query.put("size", ids.size());
    query.put("_source", false);
    ArrayNode values = query.putObject("query").putObject("ids").putArray("values");
    ids.forEach(values::add);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(url.resolve("/" + alias + "/_search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(query)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      return List.of(); // the sink has not created the index yet
    }
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "_search on " + alias + " answered " + r.statusCode() + ": " + r.body());
    }
    List<String> out = new ArrayList<>();
    for (JsonNode hit : Json.MAPPER.readTree(r.body()).path("hits").path("hits")) {
      out.add(hit.path("_id").asText());
    }
    return out;
  }

  private static String cutOff(long unseen) {
    return unseen == 0
        ? ""
        : "; " + unseen + " not seen within " + SETTLE.toSeconds() + " s: lower bound";
  }

  private static boolean allSeen(List<Probe> probes) {
    return probes.stream().allMatch(p -> p.searchable != null && p.committed != null);
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }
}
