package dev.geomonitor.job;

import dev.geomonitor.domain.Topics;
import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.embedded.PostgresServer;
import dev.geomonitor.embedded.testing.TestEnvironment;
import dev.geomonitor.embedded.testing.TestServices;
import dev.geomonitor.embedded.testing.UniqueNames;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.execution.streaming.state.StateStore$;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The job's integration-test helpers over the run's one test environment ({@link TestServices}: a
 * real Kafka broker and PostgreSQL, started once per run): topics, a database per test, reading
 * tables and topics back. Registered per class ({@code @RegisterExtension static final ItServices
 * services = new ItServices();}).
 */
final class ItServices implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private TestEnvironment standalone;
  private KafkaBroker broker;
  private PostgresServer postgres;

  /** Outside JUnit (JobBenchmark): an environment of its own, stopped by {@link #close()}. */
  static ItServices start() {
    ItServices services = new ItServices();
    services.standalone = TestEnvironment.create("spark-job-bench");
    services.use(services.standalone);
    return services;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    use(TestServices.environment(context));
  }

  /**
   * Stops Spark's state-store maintenance before JUnit deletes the class's checkpoint directories:
   * the maintenance thread keeps writing snapshot files of stopped queries for a while, and on a
   * loaded machine it raced the deletion. The next class's first query starts it again.
   */
  @Override
  public void afterAll(ExtensionContext context) {
    StateStore$.MODULE$.stop();
  }

  private void use(TestEnvironment env) {
    broker = env.broker();
    postgres = env.postgres();
  }

  /**
   * Stops a standalone environment; the run's environment is stopped by JUnit when the run ends.
   */
  @Override
  public void close() {
    if (standalone != null) {
      standalone.close();
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
    return UniqueNames.database(prefix + "_");
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
    return JobConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .topics(topics)
        .startingOffsets("earliest")
        .checkpointLocation(checkpoint)
        .triggerInterval(Duration.ZERO)
        .maxOffsetsPerTrigger(maxOffsetsPerTrigger)
        .shufflePartitions(2)
        .windowSizes(List.of(Duration.ofMinutes(1)))
        .watermarkDelay(JobConfig.DEFAULT_HORIZON)
        .jdbcUrl(jdbcUrl)
        .jdbcUser(postgres.username())
        .jdbcPassword(postgres.password())
        .build();
  }

  /**
   * Sends values keyed the way the producer keys them, in order, and waits for every
   * acknowledgement.
   */
  void produce(String topic, List<byte[]> values, List<String> keys) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("acks", "all");
    // One request in flight keeps the order without the idempotent producer, whose sequence numbers
    // can get stuck in
    // an OUT_OF_ORDER_SEQUENCE_NUMBER retry loop when a topic's leader is elected while the first
    // sends are under way.
    p.put("enable.idempotence", "false");
    p.put("max.in.flight.requests.per.connection", "1");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        byte[] key =
            keys.get(i) == null
                ? null
                : keys.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        sent.add(producer.send(new ProducerRecord<>(topic, key, values.get(i))));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    }
  }

  /** Every record now in {@code topic}, read from the beginning to the end offsets. */
  List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    return read(topic, "read_uncommitted");
  }

  /**
   * The records of {@code topic} a {@code read_committed} reader sees (transactions aborted by a
   * killed writer left out), from the beginning to the end offsets.
   */
  List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
    return read(topic, "read_committed");
  }

  private List<ConsumerRecord<byte[], byte[]>> read(String topic, String isolation) {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("isolation.level", isolation);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
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
          row.put(
              md.getColumnLabel(i),
              value instanceof java.sql.Array a
                  ? java.util.Arrays.asList((Object[]) a.getArray())
                  : value);
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
