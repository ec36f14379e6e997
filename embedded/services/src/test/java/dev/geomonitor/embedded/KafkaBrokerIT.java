package dev.geomonitor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {

  @TempDir Path workDir;

  @Test
  void recordSurvivesGracefulStopAndRestartOnTheSameDir() throws Exception {
    // Given a broker with a topic holding one record
    String topic = "it-restart-" + UUID.randomUUID();
    try (KafkaBroker broker = KafkaBroker.start(workDir)) {
      broker.createTopic(topic, 2);
      produce(broker.bootstrapServers(), topic, "borehole-7", "{\"depth_m\":12.5}");
      assertThat(readAll(broker.bootstrapServers(), topic, 1))
          .containsExactly("borehole-7={\"depth_m\":12.5}");
      long firstPid = broker.pid();
      String bootstrap = broker.bootstrapServers();

      // When it stops and starts again
      broker.stop();
      assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();
      broker.start();

      // Then it listens where it did and still has the record
      assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(broker.pid()).isNotEqualTo(firstPid);
      assertThat(readAll(broker.bootstrapServers(), topic, 1))
          .containsExactly("borehole-7={\"depth_m\":12.5}");
    }
  }

  @Test
  void killLeavesNoProcessAndANewStartOnTheDirRecoversTheData() {
    // Given
    String topic = "it-kill-" + UUID.randomUUID();
    KafkaBroker broker = KafkaBroker.start(workDir);
    broker.createTopic(topic, 1);
    produce(broker.bootstrapServers(), topic, "piezometer-3", "{\"level_m\":4.1}");
    long pid = broker.pid();

    // When the broker is killed as a crash would
    broker.kill();

    // Then no broker process remains, and a fresh launcher on the same dir finds ports and data
    // again
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(broker.isRunning()).isFalse();
    try (KafkaBroker again = KafkaBroker.start(workDir)) {
      assertThat(again.bootstrapServers()).isEqualTo(broker.bootstrapServers());
      assertThat(readAll(again.bootstrapServers(), topic, 1))
          .containsExactly("piezometer-3={\"level_m\":4.1}");
    }
  }

  @Test
  void producerPerformanceReportsPositiveThroughput() {
    // Given
    String topic = "it-perf-" + UUID.randomUUID();
    try (KafkaBroker broker = KafkaBroker.start(workDir)) {
      broker.createTopic(topic, 1);

      // When
      ProducerPerformance.Result result =
          broker.runProducerPerformance(
              ProducerPerformance.Run.of(
                  topic,
                  50_000,
                  141,
                  Map.of("acks", "all", "linger.ms", "5", "compression.type", "lz4")));

      // Then
      assertThat(result.records()).isEqualTo(50_000);
      assertThat(result.recordsPerSecond()).isPositive();
      assertThat(result.p99LatencyMs()).isGreaterThanOrEqualTo(result.p50LatencyMs());
    }
  }

  private static void produce(String bootstrap, String topic, String key, String value) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new AssertionError("producing to " + topic + " failed", e);
    }
  }

  private static List<String> readAll(String bootstrap, String topic, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  seen.add(r.key() + "=" + r.value());
                }
                return seen.size() >= expected;
              });
    }
    return seen;
  }
}
