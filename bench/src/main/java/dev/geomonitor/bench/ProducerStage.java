package dev.geomonitor.bench;

import dev.geomonitor.bench.Workload.RawRecord;
import dev.geomonitor.embedded.ProducerPerformance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Readings/s into the raw topic with the producer's own client settings, against Kafka's ProducerPerformance on the
 * same broker with the same settings and record size.
 */
public final class ProducerStage {
  private ProducerStage() {}

  public static Figure run(BenchServices services, List<RawRecord> workload, int repeat, Consumer<String> console) {
    String bootstrap = services.kafka().bootstrapServers();
    int recordSize = (int) Math.round(workload.stream().mapToInt(RawRecord::size).average().orElseThrow());
    Map<String, String> toolProps = toolProperties(RawTopic.producerProperties(bootstrap));
    List<Double> rates = new ArrayList<>();
    List<Double> ceilings = new ArrayList<>();
    for (int r = 1; r <= repeat; r++) {
      String topic = services.createTopics("producer" + r, 2).raw();
      double seconds = RawTopic.send(bootstrap, topic, workload);
      CountCheck.require("producer run " + r, "records in " + topic, workload.size(), RawTopic.count(bootstrap, topic));
      rates.add(workload.size() / seconds);

      String toolTopic = services.createTopics("producer-perf" + r, 2).raw();
      ProducerPerformance.Result tool = services.kafka().runProducerPerformance(
          ProducerPerformance.Run.of(toolTopic, workload.size(), recordSize, toolProps));
      CountCheck.require("ProducerPerformance run " + r, "records in " + toolTopic, workload.size(),
          RawTopic.count(bootstrap, toolTopic));
      ceilings.add(tool.recordsPerSecond());
      console.accept(String.format("  producer run %d: %.0f readings/s; ProducerPerformance %.0f records/s",
          r, rates.get(r - 1), tool.recordsPerSecond()));
    }
    return new Figure("producer", "readings/s into the raw topic (" + recordSize + "-byte records)", "readings/s",
        rates, "Kafka ProducerPerformance, same settings and record size", ceilings, "");
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
