package dev.geomonitor.bench;

import dev.geomonitor.bench.Workload.RawRecord;
import dev.geomonitor.embedded.ProducerPerformance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Readings/s into the raw topic with the producer's own client settings, against Kafka's
 * ProducerPerformance on the same broker with the same settings, its payloads drawn from the same
 * raw records (random bytes would not compress as JSON does, and the tool would move several times
 * the bytes: it measured 3 x "faster than its ceiling").
 */
public final class ProducerStage {
  static final long TOOL_RECORDS = 1_000_000;

  private ProducerStage() {}

  public static Figure run(
      BenchServices services, List<RawRecord> workload, int repeat, Consumer<String> console) {
    String bootstrap = services.kafka().bootstrapServers();
    int recordSize =
        (int) Math.round(workload.stream().mapToInt(RawRecord::size).average().orElseThrow());
    Map<String, String> toolProps = toolProperties(RawTopic.producerProperties(bootstrap));
    Path payloads = payloadFile(workload);
    List<Double> rates = new ArrayList<>();
    List<Double> ceilings = new ArrayList<>();
    // Both sides warm: our producer sends the workload once unmeasured (this JVM's first send ran
    // at half speed), and
    // the tool, which starts a fresh JVM per run, sends at least TOOL_RECORDS so its own warm-up is
    // amortised.
    RawTopic.send(bootstrap, services.createTopics("producer-warmup", 2).raw(), workload);
    long toolRecords = Math.max(workload.size(), TOOL_RECORDS);
    for (int r = 1; r <= repeat; r++) {
      String topic = services.createTopics("producer" + r, 2).raw();
      double seconds = RawTopic.send(bootstrap, topic, workload);
      CountCheck.require(
          "producer run " + r,
          "records in " + topic,
          workload.size(),
          RawTopic.count(bootstrap, topic));
      rates.add(workload.size() / seconds);

      String toolTopic = services.createTopics("producer-perf" + r, 2).raw();
      ProducerPerformance.Result tool =
          services
              .kafka()
              .runProducerPerformance(
                  ProducerPerformance.Run.of(toolTopic, toolRecords, recordSize, toolProps)
                      .withPayloads(payloads));
      CountCheck.require(
          "ProducerPerformance run " + r,
          "records in " + toolTopic,
          toolRecords,
          RawTopic.count(bootstrap, toolTopic));
      ceilings.add(tool.recordsPerSecond());
      console.accept(
          String.format(
              "  producer run %d: %.0f readings/s; ProducerPerformance %.0f records/s",
              r, rates.get(r - 1), tool.recordsPerSecond()));
    }
    return new Figure(
        "producer",
        "readings/s into the raw topic (" + recordSize + "-byte records)",
        "readings/s",
        rates,
        "Kafka ProducerPerformance, same settings, payloads from the same records",
        ceilings,
        "");
  }

  /** The workload's record values, one per line, for ProducerPerformance's --payload-file. */
  private static Path payloadFile(List<RawRecord> workload) {
    try {
      Path file = Files.createTempFile("bench-payloads", ".ndjson");
      file.toFile().deleteOnExit();
      try (var out = Files.newOutputStream(file)) {
        for (RawRecord r : workload) {
          byte[] value = r.value();
          for (byte b : value) {
            if (b == '\n') {
              throw new IllegalStateException(
                  "a raw record holds a newline; it cannot be a --payload-file line");
            }
          }
          out.write(value);
          out.write('\n');
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ProducerPerformance payload file", e);
    }
  }

  /** The producer's settings as the tool takes them; it brings its own byte-array serializers. */
  static Map<String, String> toolProperties(Properties producer) {
    Map<String, String> props = new TreeMap<>();
    producer.forEach((k, v) -> props.put(k.toString(), v.toString()));
    props.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    props.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    props.remove(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    return props;
  }
}
