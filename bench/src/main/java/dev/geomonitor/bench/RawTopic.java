package dev.geomonitor.bench;

import dev.geomonitor.bench.Workload.RawRecord;
import dev.geomonitor.platform.kafka.RawReadingsProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Writing the workload with the producer's own Kafka settings, and counting or draining a topic.
 */
public final class RawTopic {
  private RawTopic() {}

  /**
   * The producer-lambda's client settings (idempotent, acks=all, lz4, linger, batch size) for this
   * broker.
   */
  public static Properties producerProperties(String bootstrapServers) {
    return RawReadingsProducer.properties(bootstrapServers);
  }

  /** Sends every record and waits for every acknowledgement; returns the seconds it took. */
  public static double send(String bootstrapServers, String topic, List<RawRecord> records) {
    long start = System.nanoTime();
    try (Producer<String, byte[]> producer = RawReadingsProducer.create(bootstrapServers)) {
      List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
      for (RawRecord r : records) {
        acks.add(producer.send(new ProducerRecord<>(topic, r.key(), r.value())));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "sending the workload to " + topic + " failed: " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending the workload to " + topic, e);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Records in the topic: the sum of its partitions' end offsets (the bench's topics are never
   * compacted).
   */
  public static long count(String bootstrapServers, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Returns once the broker answers as leader for every partition of {@code topics}. A producer
   * that starts while a new partition's leadership is still settling gets NOT_LEADER_OR_FOLLOWER
   * and then, being idempotent, can stall on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery
   * timeout; ListOffsets needs the leader too and the consumer retries it internally, so its
   * success proves the partitions are ready.
   */
  public static void awaitLeaders(String bootstrapServers, List<String> topics) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
      for (String topic : topics) {
        consumer.endOffsets(partitions(consumer, topic), Duration.ofSeconds(60));
      }
    }
  }

  /**
   * The ceiling for reading the raw topic: a plain consumer fetching every record from the
   * beginning. Returns the seconds to read {@code expected} records; throws if the topic holds a
   * different number.
   */
  public static double drain(String bootstrapServers, String topic, long expected) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      long start = System.nanoTime();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long read = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (!caughtUp(consumer, end) && System.nanoTime() < deadline) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
        read += batch.count();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      CountCheck.require("plain consumer on " + topic, "records read", expected, read);
      return seconds;
    }
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " has no partitions: was it created?");
    }
    return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // a ceiling should not be held back by the default 1 MiB-per-partition fetch limit
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    return new KafkaConsumer<>(p);
  }
}
