package dev.geomonitor.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.simulator.SimulatorStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The end-to-end accounting of a drained pipeline: every item the API served is exactly once in the
 * accepted outputs or in the dead-letter topic with a reason, OpenSearch holds exactly the accepted
 * readings, aggregates equal a direct SQL aggregation of the stored readings, and the alerts are
 * exactly the status changes of the readings.
 */
final class Reconciliation {
  private final LocalStack stack;
  private long injected;
  private long injectedRejected;

  Reconciliation(LocalStack stack) {
    this.stack = stack;
  }

  /** Records a test wrote to the raw topic itself (the API did not serve them). */
  void countInjected(long records) {
    countInjected(records, 0);
  }

  /** Records written to the raw topic by a test, {@code rejected} of them invalid on purpose. */
  void countInjected(long records, long rejected) {
    injectedRejected += rejected;
    injected += records;
  }

  /** The figures a run ends with; two runs over the same data must give equal ones. */
  record Figures(
      long served,
      long raw,
      long accepted,
      long rejected,
      long duplicates,
      long indexed,
      long alerts) {}

  Figures checkAll() throws Exception {
    SimulatorStats sim = stack.simulator().stats();
    long raw =
        RawLog.total(RawLog.offsets(stack.admin(), stack.topics().raw(), OffsetSpec.latest()));
    Map<String, List<JsonNode>> dlqByStage = deadLettersByStage();

    // Producer: one raw record per item served (a record whose acknowledgement was lost and that
    // was sent again may be there twice: the job counts the copy as a duplicate, checked below);
    // every unparseable body is one dead letter of the producer.
    long served = sim.itemsServed() + injected;
    assertThat(raw)
        .as("raw records vs items the API served (+ injected)")
        .isGreaterThanOrEqualTo(served);
    assertThat(dlqByStage.getOrDefault("producer", List.of()))
        .as("producer dead letters (truncated bodies)")
        .hasSize((int) sim.truncatedBodies());

    // Job: every raw record is accepted, rejected or a duplicate, and the ledger agrees with the
    // tables.
    Map<String, Long> ledger =
        row(
            "SELECT coalesce(sum(rows_in),0) AS rows_in, coalesce(sum(accepted),0) AS accepted,"
                + " coalesce(sum(rejected),0) AS rejected, coalesce(sum(duplicates),0) AS duplicates"
                + " FROM monitoring.batch_ledger WHERE query_name LIKE 'readings-%'");
    assertThat(ledger.get("rows_in")).as("raw records the job consumed").isEqualTo(raw);
    assertThat(ledger.get("accepted") + ledger.get("rejected") + ledger.get("duplicates"))
        .as("in = readings + rejected + duplicates")
        .isEqualTo(raw);
    assertThat(raw - served)
        .as("raw records sent again by the producer, absorbed as duplicates")
        .isLessThanOrEqualTo(ledger.get("duplicates"));
    long readings = count("SELECT count(*) FROM monitoring.readings");
    long distinctIds = count("SELECT count(DISTINCT reading_id) FROM monitoring.readings");
    assertThat(readings)
        .as("readings in PostgreSQL")
        .isEqualTo(ledger.get("accepted"))
        .isEqualTo(distinctIds);
    long rejections = count("SELECT count(*) FROM monitoring.rejections");
    assertThat(rejections).as("rejections in PostgreSQL").isEqualTo(ledger.get("rejected"));
    Set<String> sparkDeadLetters = new HashSet<>();
    for (JsonNode d : dlqByStage.getOrDefault("spark-job", List.of())) {
      sparkDeadLetters.add(
          d.get("source_partition").asInt() + "/" + d.get("source_offset").asLong());
    }
    assertThat(sparkDeadLetters)
        .as("distinct raw offsets dead-lettered by the job")
        .hasSize((int) rejections);
    assertThat(dlqByStage.getOrDefault("search-sink", List.of()))
        .as("documents OpenSearch refused")
        .isEmpty();

    // What the simulator injected is what was rejected, reason by reason. Late and buffered items
    // are readings (or
    // duplicates of readings already served), never rejections; every corrected re-issue is a
    // visible conflict.
    assertThat(
            count("SELECT count(*) FROM monitoring.rejections WHERE 'LATE_TIMESTAMP' = ANY(codes)"))
        .as("late items are not rejected")
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM monitoring.rejections WHERE 'FUTURE_TIMESTAMP' = ANY(codes)"))
        .as("future items")
        .isEqualTo(sim.futureItems());
    assertThat(
            count(
                "SELECT count(*) FROM monitoring.rejections WHERE 'CONFLICTING_READING' = ANY(codes)"))
        .as("corrected items")
        .isEqualTo(sim.correctedItems());
    assertThat(rejections)
        .as("all rejections = malformed + future + corrected items (+ injected invalid records)")
        .isEqualTo(
            sim.malformedItems() + sim.futureItems() + sim.correctedItems() + injectedRejected);
    assertThat(ledger.get("duplicates"))
        .as("duplicates absorbed")
        .isGreaterThanOrEqualTo(sim.duplicateItems());

    // Serving layer: OpenSearch holds exactly the accepted readings.
    Set<String> indexedIds = openSearchIds("readings");
    assertThat(indexedIds)
        .as("readings searchable through the alias")
        .isEqualTo(ids("SELECT reading_id FROM monitoring.readings"));

    checkAggregates();
    long alerts = checkAlerts();
    return new Figures(
        sim.itemsServed(),
        raw,
        readings,
        rejections,
        ledger.get("duplicates"),
        indexedIds.size(),
        alerts);
  }

  /**
   * Each stored aggregate equals the aggregation of the stored readings, and no window is missing.
   */
  void checkAggregates() throws SQLException {
    String expected =
        "WITH sizes AS (SELECT DISTINCT window_size FROM monitoring.aggregates),"
            + " e AS (SELECT s.window_size, r.instrument, r.borehole_number,"
            + "   date_bin(s.window_size::interval, r.ts, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS window_start,"
            + "   count(*) AS count, min(r.value) AS min, max(r.value) AS max, avg(r.value) AS mean,"
            + "   (array_agg(r.value ORDER BY r.ts))[1] AS first, (array_agg(r.value ORDER BY r.ts DESC))[1] AS last"
            + "   FROM monitoring.readings r CROSS JOIN sizes s GROUP BY 1, 2, 3, 4)";
    long windows = count(expected + " SELECT count(*) FROM e");
    long mismatches =
        count(
            expected
                + " SELECT count(*) FROM e FULL JOIN monitoring.aggregates a"
                + " USING (window_size, instrument, borehole_number, window_start)"
                + " WHERE a.count IS DISTINCT FROM e.count OR a.min IS DISTINCT FROM e.min"
                + " OR a.max IS DISTINCT FROM e.max OR a.first IS DISTINCT FROM e.first"
                + " OR a.last IS DISTINCT FROM e.last OR a.mean IS NULL OR e.mean IS NULL"
                + " OR abs(a.mean - e.mean) > 1e-9 * greatest(1, abs(e.mean))");
    assertThat(count("SELECT count(DISTINCT window_size) FROM monitoring.aggregates"))
        .as("window sizes")
        .isEqualTo(2);
    assertThat(windows).as("windows over the stored readings").isPositive();
    assertThat(mismatches).as("aggregates that differ from SQL over the stored readings").isZero();
  }

  /**
   * Alerts are exactly the status changes: each names a stored reading with that status, each
   * instrument's on-time alerts form a chain (NORMAL → … with every previous_status the status
   * before it; late alerts compare with their event-time predecessor instead), and every status
   * other than NORMAL that a reading reached has its alert.
   */
  long checkAlerts() throws SQLException {
    long alerts = count("SELECT count(*) FROM monitoring.alerts");
    assertThat(
            count(
                "SELECT count(*) FROM monitoring.alerts a LEFT JOIN monitoring.readings r USING (reading_id)"
                    + " WHERE r.reading_id IS NULL OR r.trigger_status <> a.status"))
        .as("alerts whose reading is missing or has another status")
        .isZero();
    Map<String, TriggerStatus> last = new HashMap<>();
    try (Connection c = stack.store().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT instrument, borehole_number, previous_status, status FROM monitoring.alerts WHERE NOT late"
                    + " ORDER BY ts")) {
      while (rs.next()) {
        String key = rs.getString(1) + ":" + rs.getString(2);
        TriggerStatus before = last.getOrDefault(key, TriggerStatus.NORMAL);
        assertThat(rs.getString(3))
            .as("previous status of the alert of %s", key)
            .isEqualTo(before.name());
        last.put(key, TriggerStatus.valueOf(rs.getString(4)));
      }
    }
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT DISTINCT instrument, borehole_number, trigger_status"
                    + " FROM monitoring.readings WHERE trigger_status <> 'NORMAL') r"
                    + " LEFT JOIN monitoring.alerts a ON a.instrument = r.instrument"
                    + " AND a.borehole_number = r.borehole_number AND a.status = r.trigger_status"
                    + " WHERE a.alert_id IS NULL"))
        .as("statuses readings reached without an alert")
        .isZero();
    return alerts;
  }

  Map<String, List<JsonNode>> deadLettersByStage() throws Exception {
    String topic = stack.topics().dlq();
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Map<Integer, Long> end = RawLog.offsets(stack.admin(), topic, OffsetSpec.latest());
    Map<String, List<JsonNode>> byStage = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = new ArrayList<>();
      end.keySet().forEach(partition -> partitions.add(new TopicPartition(topic, partition)));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long wanted = RawLog.total(end);
      long read = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (read < wanted && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          JsonNode letter = Json.MAPPER.readTree(r.value());
          byStage.computeIfAbsent(letter.get("stage").asText(), k -> new ArrayList<>()).add(letter);
          read++;
        }
      }
      assertThat(read).as("dead letters read back").isEqualTo(wanted);
    }
    return byStage;
  }

  Set<String> openSearchIds(String alias) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI base = URI.create(stack.openSearch().httpUrl() + "/");
    http.send(
        HttpRequest.newBuilder(base.resolve(alias + "/_refresh"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    base.resolve(alias + "/_search?size=10000&_source=false&track_total_hits=true"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("search of %s: %s", alias, r.body()).isEqualTo(200);
    JsonNode hits = Json.MAPPER.readTree(r.body()).get("hits");
    assertThat(hits.get("total").get("value").asLong()).as("hits fit one page").isLessThan(10_000);
    Set<String> ids = new HashSet<>();
    hits.get("hits").forEach(h -> ids.add(h.get("_id").asText()));
    return ids;
  }

  Set<String> ids(String sql) throws SQLException {
    Set<String> out = new HashSet<>();
    try (Connection c = stack.store().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  long count(String sql) throws SQLException {
    try (Connection c = stack.store().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  Map<String, Long> row(String sql) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    try (Connection c = stack.store().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        out.put(rs.getMetaData().getColumnLabel(i), rs.getLong(i));
      }
    }
    return out;
  }
}
