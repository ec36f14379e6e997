package dev.geomonitor.job;

import dev.geomonitor.domain.Topics;
import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.embedded.PostgresServer;
import dev.geomonitor.embedded.Shutdown;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The integration tests' real Kafka broker and PostgreSQL, started once per test class
 * ({@code @RegisterExtension static final ItServices services = new ItServices();}) and stopped after it, with the
 * helpers the tests share: topics, a database per test, reading tables and topics back.
 */
final class ItServices implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private Path work;
  private KafkaBroker broker;
  private PostgresServer postgres;

  /** Outside JUnit (JobBenchmark): started services, stopped by {@link #close()}. */
  static ItServices start() throws IOException {
    ItServices services = new ItServices();
    services.beforeAll(null);
    return services;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    work = Files.createTempDirectory("spark-job-it");
    broker = KafkaBroker.start(work.resolve("kafka"));
    postgres = PostgresServer.start(work.resolve("pg"));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    close();
  }

  @Override
  public void close() throws IOException {
    Shutdown.closeAll("the integration tests' broker and PostgreSQL", broker, postgres);
    try (Stream<Path> paths = Files.walk(work)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  PostgresServer postgres() {
    return postgres;
  }

  /** A name no other test of the run uses: topics and databases are shared by the class's tests. */
  static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  Topics createTopics(String prefix, int partitions) {
    Topics topics = Topics.DEFAULT.withPrefix(prefix);
    Map<String, Integer> all = new HashMap<>();
    topics.all().forEach(t -> all.put(t, partitions));
    broker.createTopics(all);
    return topics;
  }

  /** A fresh database, so each test's pipeline_v1 schema starts empty. Returns its JDBC url. */
  String createDatabase(String name) throws SQLException {
    try (Connection c = postgres.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + name;
  }

  JobConfig config(Topics topics, String jdbcUrl, String checkpoint, long maxOffsetsPerTrigger) {
    return new JobConfig(
        broker.bootstrapServers(), topics, "earliest", checkpoint, dev.geomonitor.domain.PipelineVersion.parse("v1"),
        Duration.ZERO, maxOffsetsPerTrigger, 2, List.of(Duration.ofMinutes(1)), JobConfig.DEFAULT_HORIZON, jdbcUrl,
        postgres.username(), postgres.password(), java.util.Optional.empty(), false, JobConfig.SinkMode.REAL,
        java.util.Optional.empty(), java.util.Optional.empty(), dev.geomonitor.domain.ValidationPolicy.DEFAULT);
  }

  /** Sends values keyed the way the producer keys them, in order, and waits for every acknowledgement. */
  void produce(String topic, List<byte[]> values, List<String> keys) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("acks", "all");
    // One request in flight keeps the order without the idempotent producer, whose sequence numbers can get stuck in
    // an OUT_OF_ORDER_SEQUENCE_NUMBER retry loop when a topic's leader is elected while the first sends are under way.
    p.put("enable.idempotence", "false");
    p.put("max.in.flight.requests.per.connection", "1");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        byte[] key = keys.get(i) == null ? null : keys.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        sent.add(producer.send(new ProducerRecord<>(topic, key, values.get(i))));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    }
  }

  /** Every record now in {@code topic}, read from the beginning to the end offsets. */
  List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end offsets " + end);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  /** Rows of a query as column→value maps, for whole-table comparisons. */
  List<Map<String, Object>> rows(String jdbcUrl, String sql) throws SQLException {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(jdbcUrl);
    ds.setUser(postgres.username());
    ds.setPassword(postgres.password());
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<Map<String, Object>> out = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object value = rs.getObject(i);
          // JDBC arrays compare by identity; their elements are what the comparison is about.
          row.put(md.getColumnLabel(i),
              value instanceof java.sql.Array a ? java.util.Arrays.asList((Object[]) a.getArray()) : value);
        }
        out.add(row);
      }
      return out;
    }
  }

  long count(String jdbcUrl, String sql) throws SQLException {
    return ((Number) rows(jdbcUrl, sql).get(0).values().iterator().next()).longValue();
  }

  static String describe(List<Map<String, Object>> rows) {
    return rows.stream().map(Map::toString).collect(Collectors.joining("\n"));
  }
}
