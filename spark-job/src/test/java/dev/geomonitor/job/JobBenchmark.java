package dev.geomonitor.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Throughput and latency figures, not a test: the same job on the same pre-loaded raw topic with
 * its real sinks (Kafka + PostgreSQL) and with the noop sink, then batch and end-to-end latency at
 * a trickle. Run with {@code java <spark flags> -cp <test classpath>
 * dev.geomonitor.job.JobBenchmark [readings]}; see README.md.
 */
public final class JobBenchmark {
  private JobBenchmark() {}

  public static void main(String[] args) throws Exception {
    int readings = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Path work = Files.createTempDirectory("job-benchmark");
    try (ItServices services = ItServices.start()) {
      SparkSession spark = TestSpark.session();
      Topics noopTopics = services.createTopics("noop.", 4);
      Topics realTopics = services.createTopics("real.", 4);
      Topics real =
          new Topics(
              noopTopics.raw(),
              realTopics.readings(),
              realTopics.aggregates(),
              realTopics.alerts(),
              realTopics.dlq());
      preload(services.bootstrapServers(), noopTopics.raw(), readings);

      JobConfig noopConfig =
          services
              .config(
                  noopTopics,
                  services.createDatabase("bench_noop"),
                  work.resolve("cp-noop").toString(),
                  100_000)
              .withSinkMode(JobConfig.SinkMode.NOOP);
      // The first run pays for JIT and code generation; it is reported but the comparison uses the
      // later two.
      double coldNoop = backlog(spark, noopConfig, readings);
      double noop =
          backlog(
              spark,
              noopConfig.withCheckpointLocation(work.resolve("cp-noop2").toString()),
              readings);
      JobConfig realConfig =
          services.config(
              real,
              services.createDatabase("bench_real"),
              work.resolve("cp-real").toString(),
              100_000);
      double realRate = backlog(spark, realConfig, readings);
      System.out.printf(
          "BENCH backlog %d raw records: noop sink %.0f rec/s (cold JVM %.0f), real sinks %.0f rec/s%n",
          readings, noop, coldNoop, realRate);

      trickle(spark, services, services.bootstrapServers(), work);
    }
  }

  /** Records per second for the readings query to drain the backlog from a fresh checkpoint. */
  private static double backlog(SparkSession spark, JobConfig config, int records)
      throws Exception {
    long start = System.nanoTime();
    try (StreamingJob job = StreamingJob.start(spark, config)) {
      job.readingsQuery().processAllAvailable();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "BENCH %s: readings query drained %d records in %.1f s%n",
          config.sinkMode(), records, seconds);
      return records / seconds;
    }
  }

  /**
   * 4 readings/s for 30 s with fetched_at = now: batch duration and time until each is on the
   * readings topic.
   */
  private static void trickle(SparkSession spark, ItServices services, String bootstrap, Path work)
      throws Exception {
    Topics topics = services.createTopics("trickle.", 1);
    JobConfig config =
        services.config(
            topics,
            services.createDatabase("bench_trickle"),
            work.resolve("cp-trickle").toString(),
            1000);
    List<Long> endToEnd = new ArrayList<>();
    try (StreamingJob job = StreamingJob.start(spark, config);
        KafkaProducer<byte[], byte[]> producer = producer(bootstrap);
        KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      consumer.subscribe(List.of(topics.readings()));
      consumer.poll(Duration.ofSeconds(2));
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int i = 0;
      while (System.nanoTime() < until) {
        Instant now = Instant.now();
        ObjectNode item =
            RawRecords.v1Standpipe("BH-T" + (i % 20), now.toString(), 80.0 + (i % 7) * 0.01);
        producer.send(
            new ProducerRecord<>(
                topics.raw(),
                ("water_standpipe:BH-T" + (i % 20)).getBytes(StandardCharsets.UTF_8),
                RawRecords.v1(item, now)));
        i++;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
          JsonNode reading = Json.MAPPER.readTree(r.value());
          endToEnd.add(
              Duration.between(Instant.parse(reading.get("fetched_at").asText()), Instant.now())
                  .toMillis());
        }
      }
      List<Long> batches = new ArrayList<>();
      for (StreamingQueryProgress p : job.readingsQuery().recentProgress()) {
        if (p.numInputRows() > 0) {
          batches.add(p.durationMs().get("triggerExecution"));
        }
      }
      System.out.printf(
          "BENCH trickle: %d readings sent; batch ms p50 %d p95 %d (%d batches); end-to-end ms p50 %d"
              + " p95 %d (%d seen)%n",
          i,
          pct(batches, 50),
          pct(batches, 95),
          batches.size(),
          pct(endToEnd, 50),
          pct(endToEnd, 95),
          endToEnd.size());
    }
  }

  private static long pct(List<Long> values, int p) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }

  /**
   * {@code count} raw records of 500 standpipes 30 s apart; 1 in 100 repeats the record before it,
   * 1 in 200 is poison.
   */
  private static void preload(String bootstrap, String topic, int count) throws Exception {
    Instant start = Instant.parse("2024-05-01T00:00:00Z");
    long begin = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      byte[] previous = null;
      byte[] previousKey = null;
      int reading = 0;
      for (int i = 0; i < count; i++) {
        if (i % 100 == 99 && previous != null) {
          producer.send(
              new ProducerRecord<>(
                  topic, previousKey, previous)); // the producer re-sending a reading
          continue;
        }
        int instrument = reading % 500;
        byte[] key = ("water_standpipe:BH-" + instrument).getBytes(StandardCharsets.UTF_8);
        byte[] value;
        if (i % 200 == 150) {
          value = "{\"api_version\":\"v1\",\"item\":[".getBytes(StandardCharsets.UTF_8);
        } else {
          Instant t = start.plusSeconds(30L * (reading / 500));
          value =
              RawRecords.v1(
                  RawRecords.v1Standpipe(
                      "BH-" + instrument, t.toString(), 80 + (reading % 13) * 0.05),
                  t.plusSeconds(5));
          reading++;
          previous = value;
          previousKey = key;
        }
        producer.send(new ProducerRecord<>(topic, key, value));
      }
      producer.flush();
    }
    System.out.printf(
        "BENCH preloaded %d raw records in %.1f s%n", count, (System.nanoTime() - begin) / 1e9);
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("linger.ms", "5");
    p.put("compression.type", "lz4");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "bench-" + UUID.randomUUID());
    p.put("auto.offset.reset", "earliest");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
