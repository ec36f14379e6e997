package dev.geomonitor.bench;

import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.bench.Workload.RawRecord;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.job.JobConfig;
import dev.geomonitor.job.StreamingJob;
import dev.geomonitor.producer.KafkaClientFactory;
import dev.geomonitor.producer.KafkaSettings;
import dev.geomonitor.searchsink.DocumentKind;
import dev.geomonitor.searchsink.SearchSinkConfig;
import dev.geomonitor.searchsink.SearchSinkLoop;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;

/**
 * Readings produced at a steady rate with timestamp = send time through the real job and sink; every
 * (rate / probesPerSecond)-th reading is a probe whose arrival is looked up by id in OpenSearch (the readings alias)
 * and in PostgreSQL (monitoring.readings). Freshness = lookup success time - reading timestamp.
 */
public final class FreshnessStage {
  static final int PROBES_PER_SECOND = 10;
  private static final PipelineVersion VERSION = PipelineVersion.parse("v1");
  private static final Duration SETTLE = Duration.ofSeconds(30);

  private FreshnessStage() {}

  /** A probe: its id and timestamp, and when it was seen in each store (null until then). */
  static final class Probe {
    final String id;
    final Instant ts;
    Instant searchable;
    Instant committed;

    Probe(String id, Instant ts) {
      this.id = id;
      this.ts = ts;
    }
  }

  public static List<Figure> run(BenchServices services, SparkSession spark, Workload workload, int rate,
      int seconds, Path work, Consumer<String> console) throws Exception {
    String bootstrap = services.kafka().bootstrapServers();
    URI url = URI.create(services.openSearch().httpUrl());
    Topics topics = services.createTopics("fresh", 2);
    String jdbcUrl = services.createDatabase("bench_fresh_" + System.nanoTime() % 100_000);
    BatchStore store = new BatchStore(new BatchStoreConfig(jdbcUrl, "postgres", "postgres"));
    store.migrate(VERSION);
    store.activate(VERSION);
    SearchSinkConfig sinkConfig = SearchSinkConfig.local(url, bootstrap, topics, "benchfresh-")
        .withGroupId("bench-fresh-sink");
    String alias = sinkConfig.indexLayout().alias(DocumentKind.READINGS);
    Map<String, String> s = new HashMap<>();
    s.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    s.put("TOPIC_RAW", topics.raw());
    s.put("TOPIC_READINGS", topics.readings());
    s.put("TOPIC_AGGREGATES", topics.aggregates());
    s.put("TOPIC_ALERTS", topics.alerts());
    s.put("TOPIC_DLQ", topics.dlq());
    s.put("STARTING_OFFSETS", "earliest");
    s.put("CHECKPOINT_LOCATION", work.resolve("cp-fresh").toString());
    s.put("SHUFFLE_PARTITIONS", "2");
    s.put("JDBC_URL", jdbcUrl);
    s.put("JDBC_USER", "postgres");
    s.put("JDBC_PASSWORD", "postgres");
    List<Probe> probes = new ArrayList<>();
    HttpClient http = HttpClient.newHttpClient();
    try (StreamingJob job = StreamingJob.start(spark, JobConfig.fromSettings(s));
        SearchSinkLoop sink = SearchSinkLoop.create(sinkConfig).start();
        Producer<String, byte[]> producer = KafkaClientFactory.producer(KafkaSettings.local(bootstrap));
        Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        PreparedStatement committed = db.prepareStatement(
            "SELECT 1 FROM monitoring.readings WHERE reading_id = ?")) {
      long total = (long) rate * seconds;
      long probeEvery = Math.max(1, rate / PROBES_PER_SECOND);
      long start = System.nanoTime();
      for (long i = 0; i < total; i++) {
        long due = start + i * 1_000_000_000L / rate;
        while (System.nanoTime() < due) {
          check(probes, http, url, alias, committed);
          pause(Math.max(0, (due - System.nanoTime()) / 1_000_000));
        }
        Instant now = Instant.now();
        RawRecord r = workload.reading(i, now, now);
        producer.send(new ProducerRecord<>(topics.raw(), r.key(), r.value()));
        if (i % probeEvery == 0) {
          probes.add(new Probe(r.readingId(), now));
        }
      }
      producer.flush();
      long deadline = System.nanoTime() + SETTLE.toNanos();
      while (!allSeen(probes) && System.nanoTime() < deadline) {
        check(probes, http, url, alias, committed);
        pause(20);
      }
      if (job.readingsQuery().exception().isDefined()) {
        throw new IllegalStateException("the job failed during the freshness run", job.readingsQuery().exception().get());
      }
    }
    // A probe not seen by the end of the settle time is no proof of loss (the pipeline may lag the rate): it counts
    // with the time waited, a lower bound, and the measure says how many were cut off that way.
    Instant gaveUp = Instant.now();
    long unseenSearch = probes.stream().filter(p -> p.searchable == null).count();
    long unseenCommit = probes.stream().filter(p -> p.committed == null).count();
    List<Double> toSearch = probes.stream().map(p -> seconds(p.ts, p.searchable == null ? gaveUp : p.searchable))
        .toList();
    List<Double> toCommit = probes.stream().map(p -> seconds(p.ts, p.committed == null ? gaveUp : p.committed))
        .toList();
    if (probes.isEmpty()) {
      throw new IllegalStateException("the freshness run sent no probe: raise --freshness-seconds or --rate");
    }
    console.accept(String.format("  freshness over %d probes: searchable p95 %.2f s, committed p95 %.2f s",
        probes.size(), Stats.percentile(toSearch, 95), Stats.percentile(toCommit, 95)));
    String stage = "freshness at " + rate + " readings/s";
    List<Figure> out = new ArrayList<>();
    for (int p : new int[] {50, 95, 99}) {
      String target = p == 95 ? "<= 2 s" : p == 99 ? "<= 3 s" : "";
      out.add(Figure.withoutCeiling(stage, "p" + p + " to searchable (OpenSearch, " + probes.size() + " probes"
          + cutOff(unseenSearch) + ")", "s", List.of(Stats.percentile(toSearch, p)), target));
      out.add(Figure.withoutCeiling(stage, "p" + p + " to committed (PostgreSQL" + cutOff(unseenCommit) + ")", "s",
          List.of(Stats.percentile(toCommit, p)), target));
    }
    return out;
  }

  private static void check(List<Probe> probes, HttpClient http, URI url, String alias, PreparedStatement committed)
      throws Exception {
    for (Probe p : probes) {
      if (p.searchable == null && searchable(http, url, alias, p.id)) {
        p.searchable = Instant.now();
      }
      if (p.committed == null) {
        committed.setString(1, p.id);
        try (ResultSet rs = committed.executeQuery()) {
          if (rs.next()) {
            p.committed = Instant.now();
          }
        }
      }
    }
  }

  /** A realtime GET by id: true once the sink has indexed the document. */
  private static boolean searchable(HttpClient http, URI url, String alias, String id) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve(
        "/" + alias + "/_doc/" + URLEncoder.encode(id, StandardCharsets.UTF_8))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 && r.statusCode() != 404) {
      throw new IllegalStateException("GET " + alias + "/_doc/" + id + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.statusCode() == 200;
  }

  private static String cutOff(long unseen) {
    return unseen == 0 ? "" : "; " + unseen + " not seen within " + SETTLE.toSeconds() + " s: lower bound";
  }

  private static boolean allSeen(List<Probe> probes) {
    return probes.stream().allMatch(p -> p.searchable != null && p.committed != null);
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  private static void pause(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(Math.min(millis, 20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the freshness run", e);
    }
  }
}
