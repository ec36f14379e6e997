package dev.geomonitor.bench;

import dev.geomonitor.domain.Topics;
import dev.geomonitor.job.JobConfig;
import dev.geomonitor.job.StreamingJob;
import dev.geomonitor.platform.kafka.RawReadingsProducer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench.sh scale}: one backlog through the job in this JVM with a chosen Spark master,
 * batch size and partitioning, for the scaling figures (local[1] vs local[2], a batch far larger
 * than the driver's heap, a long replay). Prints readings/s, readings/s per core, the JVM's peak
 * heap and, with real sinks, the COPY ceiling of the rows the run wrote. The workload is generated
 * while it is sent, so the JVM never holds it.
 */
@Command(
    name = "bench.sh scale",
    mixinStandardHelpOptions = true,
    description =
        "Drains one preloaded backlog through the Spark job (this JVM is driver and, in local mode, executor)"
            + " and prints throughput, per-core throughput, peak heap and the COPY ceiling of its rows.")
public final class ScaleMain implements Callable<Integer> {
  @Option(
      names = "--readings",
      description = "raw records in the backlog (default ${DEFAULT-VALUE})")
  int readings = 200_000;

  @Option(
      names = "--max-offsets",
      description = "MAX_OFFSETS_PER_TRIGGER (default ${DEFAULT-VALUE})")
  long maxOffsets = 100_000;

  @Option(names = "--master", description = "Spark master (default ${DEFAULT-VALUE})")
  String master = "local[2]";

  @Option(
      names = "--shuffle-partitions",
      description = "SHUFFLE_PARTITIONS (default ${DEFAULT-VALUE})")
  int shufflePartitions = SparkBacklogStage.SHUFFLE_PARTITIONS;

  @Option(
      names = "--raw-partitions",
      description = "partitions of the raw topic (default ${DEFAULT-VALUE})")
  int rawPartitions = 4;

  @Option(names = "--mode", description = "real or noop (default ${DEFAULT-VALUE})")
  String mode = "real";

  @Option(
      names = "--instruments",
      description = "instruments the workload spreads over (default ${DEFAULT-VALUE})")
  int instruments = 500;

  @Option(
      names = "--warm-up",
      description = "readings of an unmeasured noop run first (default ${DEFAULT-VALUE})")
  int warmUp = 20_000;

  @Option(names = "--work-dir", description = "services' data (default: a new temporary directory)")
  Path workDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ScaleMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = WorkDir.of(workDir, "geomonitor-scale-");
    Workload workload = new Workload(42, instruments);
    try (BenchServices services = BenchServices.start(work, false)) {
      String bootstrap = services.kafka().bootstrapServers();
      SparkSession spark =
          SparkSession.builder()
              .master(master)
              .appName("geomonitor-scale")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.session.timeZone", "UTC")
              .getOrCreate();
      int cores = spark.sparkContext().defaultParallelism();
      if (warmUp > 0) {
        Topics warm = services.createTopics("scale-warm", rawPartitions);
        preload(bootstrap, warm.raw(), workload, warmUp);
        run(spark, config(bootstrap, warm, work.resolve("cp-warm"), null, "noop"), warmUp);
      }
      Topics topics = services.createTopics("scale", rawPartitions);
      double sendSeconds = preload(bootstrap, topics.raw(), workload, readings);
      System.out.printf("SCALE preloaded %,d raw records in %.1f s%n", readings, sendSeconds);
      String jdbcUrl =
          "real".equals(mode)
              ? services.createDatabase("scale_" + System.nanoTime() % 100_000)
              : null;
      System.gc();
      ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
      double seconds =
          run(
              spark,
              config(bootstrap, topics, work.resolve("cp-" + mode), jdbcUrl, mode),
              readings);
      long peakHeap = peakHeapBytes();
      double rate = readings / seconds;
      System.out.printf(
          "SCALE master=%s cores=%d mode=%s readings=%d maxOffsetsPerTrigger=%d shufflePartitions=%d"
              + " rawPartitions=%d: %.1f s, %.0f readings/s, %.0f readings/s per core, peak heap %d MB of %d MB%n",
          master,
          cores,
          mode,
          readings,
          maxOffsets,
          shufflePartitions,
          rawPartitions,
          seconds,
          rate,
          rate / cores,
          peakHeap >> 20,
          Runtime.getRuntime().maxMemory() >> 20);
      if (jdbcUrl != null) {
        double copySeconds =
            JobCopyCeiling.seconds(
                jdbcUrl, services.postgres().username(), services.postgres().password());
        System.out.printf(
            "SCALE COPY of the same rows: %.1f s = %.0f readings/s; job / COPY = %.2f%n",
            copySeconds, readings / copySeconds, copySeconds / seconds);
      }
      spark.stop();
    }
    return 0;
  }

  private static double run(SparkSession spark, JobConfig config, long expected) throws Exception {
    long start = System.nanoTime();
    try (StreamingJob job = StreamingJob.start(spark, config)) {
      job.awaitCaughtUp();
      double seconds = (System.nanoTime() - start) / 1e9;
      CountCheck.require(
          "scale run",
          "raw offsets the query committed",
          expected,
          SparkBacklogStage.consumedOffsets(job.readingsQuery().lastProgress()));
      return seconds;
    }
  }

  /**
   * Sends {@code n} readings generated on the fly (round r: one per instrument at r seconds); waits
   * for all acks.
   */
  private static double preload(String bootstrap, String topic, Workload workload, int n) {
    long start = System.nanoTime();
    Instant t0 = Instant.parse("2024-05-01T00:00:00Z");
    int instruments = workload.instruments();
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (Producer<String, byte[]> producer = RawReadingsProducer.create(bootstrap)) {
      for (int i = 0; i < n && failed.get() == null; i++) {
        Instant ts =
            t0.plus(Workload.ROUND.multipliedBy(i / instruments)).plusMillis(i % instruments);
        Workload.RawRecord r = workload.reading(i, ts, ts.plus(Workload.FETCH_DELAY));
        producer.send(
            new ProducerRecord<>(topic, r.key(), r.value()),
            (m, e) -> {
              if (e != null) {
                failed.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException(
          "preloading " + topic + " failed: " + failed.get().getMessage(), failed.get());
    }
    CountCheck.require("scale preload", "raw records", n, RawTopic.count(bootstrap, topic));
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Sum of the heap pools' peaks since the reset: an upper bound of the heap the run needed at
   * once.
   */
  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private JobConfig config(
      String bootstrap, Topics topics, Path checkpoint, String jdbcUrl, String sinkMode) {
    return JobConfig.builder()
        .bootstrapServers(bootstrap)
        .topics(topics)
        .startingOffsets("earliest")
        .checkpointLocation(checkpoint.toString())
        .shufflePartitions(shufflePartitions)
        .maxOffsetsPerTrigger(maxOffsets)
        .sinkMode(JobConfig.SINK_MODE.parse(sinkMode))
        .jdbcUrl(jdbcUrl)
        .jdbcUser(jdbcUrl == null ? null : "postgres")
        .jdbcPassword(jdbcUrl == null ? null : "postgres")
        .build();
  }
}
