package dev.geomonitor.producer;

import dev.geomonitor.domain.ApiResponse;
import dev.geomonitor.domain.ApiResponseParser;
import dev.geomonitor.domain.RawReading;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.embedded.ProducerPerformance;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.Producer;

/**
 * Throughput of the real publisher into a real broker, next to Kafka's own ProducerPerformance
 * (same broker, same record size, same producer settings) as the ceiling. A measurement, not a
 * test: it prints, it does not assert times.
 *
 * <p>Run: {@code ./mvnw -q -pl producer-lambda test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.geomonitor.producer.PublisherBenchmark -Dexec.args=200000}
 */
public final class PublisherBenchmark {
  /** Readings per batch: one batch stands for one poll, acknowledged before the next starts. */
  private static final int READINGS_PER_POLL = 10_000;

  record Result(
      long readings, int valueBytes, double readingsPerSecond, ProducerPerformance.Result ceiling) {
    String describe() {
      return String.format(
          Locale.ROOT,
          "publisher: %d readings of %d bytes in polls of %d: %.0f readings/s%n"
              + "ProducerPerformance (same size and settings): %.0f records/s, p50 %d ms, p99 %d ms",
          readings,
          valueBytes,
          READINGS_PER_POLL,
          readingsPerSecond,
          ceiling.recordsPerSecond(),
          ceiling.p50LatencyMs(),
          ceiling.p99LatencyMs());
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Path dir = WorkDirs.create("producer-benchmark-");
    try (KafkaBroker broker = KafkaBroker.start(dir)) {
      System.out.println(run(broker, n).describe());
    } finally {
      WorkDirs.delete(dir);
    }
  }

  static Result run(KafkaBroker broker, int n) throws Exception {
    Topics topics =
        Topics.DEFAULT.withPrefix("bench-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    String perfTopic = topics.raw() + ".perf";
    broker.createTopics(Map.of(topics.raw(), 3, perfTopic, 3, topics.dlq(), 1));
    KafkaSettings settings = KafkaSettings.local(broker.bootstrapServers());

    List<RawReading> readings = sampleReadings(READINGS_PER_POLL);
    int valueBytes = readings.get(0).toJsonBytes().length;
    double perSecond;
    try (Producer<String, byte[]> producer = settings.producer()) {
      RawTopicPublisher publisher = new RawTopicPublisher(producer, topics);
      publishAll(publisher, readings, Math.min(n, 20_000)); // warm-up: JIT, connections, metadata
      long start = System.nanoTime();
      publishAll(publisher, readings, n);
      perSecond = n / ((System.nanoTime() - start) / 1e9);
    }

    Map<String, String> props = new HashMap<>();
    settings.producerProperties().forEach((k, v) -> props.put(k.toString(), v.toString()));
    props.remove("bootstrap.servers");
    props.remove("key.serializer");
    props.remove("value.serializer");
    ProducerPerformance.Result ceiling =
        broker.runProducerPerformance(ProducerPerformance.Run.of(perfTopic, n, valueBytes, props));
    return new Result(n, valueBytes, perSecond, ceiling);
  }

  private static void publishAll(RawTopicPublisher publisher, List<RawReading> sample, int n)
      throws InterruptedException {
    int sent = 0;
    while (sent < n) {
      RawTopicPublisher.Batch batch = publisher.newBatch();
      for (int i = 0; i < READINGS_PER_POLL && sent < n; i++, sent++) {
        RawReading r = sample.get(i);
        batch.sendReading(keyOf(sent), r);
      }
      batch.awaitAcks();
    }
  }

  private static String keyOf(int i) {
    return "water_standpipe:BH-" + (i % 2_000);
  }

  /**
   * Realistic raw records: v1 standpipe items as the API serves them, wrapped as the poll cycle
   * wraps them.
   */
  private static List<RawReading> sampleReadings(int count) throws Exception {
    StringBuilder body =
        new StringBuilder("{\"request_type\":\"water_standpipe\",\"length\":")
            .append(count)
            .append(",\"RL_units\":\"AHD (m)\",\"timezone\":\"UTC\",\"items\":[");
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append(
          String.format(
              Locale.ROOT,
              "{\"borehole_number\":\"BH-%d\",\"instrument\":\"water_standpipe\",\"surface_level\":%.2f,"
                  + "\"northing\":%d,\"easting\":%d,\"water_level\":%.3f,\"timestamp\":\"2026-11-24T20:00:%02d.000Z\"}",
              i % 2_000,
              80 + (i % 70) / 10.0,
              5_810_000 + i % 6_000,
              316_000 + i % 9_000,
              75 + (i % 997) / 100.0,
              i % 60));
    }
    body.append("]}");
    ApiResponse response = ApiResponseParser.parse(body.toString());
    Instant fetched = Instant.parse("2026-11-24T20:00:05.120Z");
    String pollId = UUID.randomUUID().toString();
    return response.items().stream()
        .map(item -> RawReading.of(response, item, "/params/water_standpipe/", fetched, pollId))
        .toList();
  }

  private PublisherBenchmark() {}
}
