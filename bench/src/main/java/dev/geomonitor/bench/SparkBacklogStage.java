package dev.geomonitor.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.bench.Workload.RawRecord;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.job.JobConfig;
import dev.geomonitor.job.StreamingJob;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The job draining a preloaded raw topic from earliest with a fresh checkpoint: real sinks (Kafka +
 * PostgreSQL) against the same job with the noop sink and against a plain consumer reading the same
 * topic.
 */
public final class SparkBacklogStage {
  private static final PipelineVersion VERSION = PipelineVersion.parse("v1");

  private SparkBacklogStage() {}

  /**
   * The figures of one bench: real sinks vs noop and vs COPY of its own rows, and noop vs the plain
   * consumer.
   */
  public record Result(Figure realVsNoop, Figure realVsCopy, Figure noopVsConsumer) {}

  /**
   * Shuffle partitions of the bench's job: twice the cores, so partitions write while others
   * compute.
   */
  static final int SHUFFLE_PARTITIONS = 4;

  public static Result run(
      BenchServices services,
      SparkSession spark,
      List<RawRecord> workload,
      int repeat,
      Path work,
      Consumer<String> console)
      throws StreamingQueryException {
    String bootstrap = services.kafka().bootstrapServers();
    int n = workload.size();
    List<Double> real = new ArrayList<>();
    List<Double> noop = new ArrayList<>();
    List<Double> consumer = new ArrayList<>();
    List<Double> copy = new ArrayList<>();
    // A fresh JVM runs the first job several times slower (JIT, code generation): that run is not a
    // figure.
    Topics warm = services.createTopics("spark-warmup", 2);
    RawTopic.send(bootstrap, warm.raw(), workload.subList(0, Math.min(n, 20_000)));
    drain(
        spark,
        config(bootstrap, warm, work.resolve("cp-warmup"), null, "noop"),
        Math.min(n, 20_000),
        "warm-up");

    for (int r = 1; r <= repeat; r++) {
      Topics topics = services.createTopics("spark" + r, 2);
      RawTopic.send(bootstrap, topics.raw(), workload);
      CountCheck.require(
          "Spark run " + r, "raw records", n, RawTopic.count(bootstrap, topics.raw()));

      consumer.add(n / RawTopic.drain(bootstrap, topics.raw(), n));
      noop.add(
          n
              / drain(
                  spark,
                  config(bootstrap, topics, work.resolve("cp-noop" + r), null, "noop"),
                  n,
                  "noop run " + r));

      String jdbcUrl =
          services.createDatabase("bench_spark_" + r + "_" + System.nanoTime() % 100_000);
      // the noop run wrote nothing, so the real run's outputs start empty
      double seconds =
          drain(
              spark,
              config(bootstrap, topics, work.resolve("cp-real" + r), jdbcUrl, "real"),
              n,
              "real run " + r);
      CountCheck.require(
          "Spark real run " + r, "PostgreSQL readings rows", n, readingRows(jdbcUrl, services));
      CountCheck.require(
          "Spark real run " + r,
          "records on " + topics.readings(),
          n,
          RawTopic.count(bootstrap, topics.readings()));
      real.add(n / seconds);
      copy.add(
          n
              / JobCopyCeiling.seconds(
                  jdbcUrl, services.postgres().username(), services.postgres().password()));
      console.accept(
          String.format(
              "  Spark run %d: real sinks %.0f readings/s, noop %.0f, COPY of its rows %.0f,"
                  + " plain consumer %.0f",
              r, real.get(r - 1), noop.get(r - 1), copy.get(r - 1), consumer.get(r - 1)));
    }
    return new Result(
        new Figure(
            "Spark job, backlog",
            "real sinks (Kafka + PostgreSQL)",
            "readings/s",
            real,
            "same job, SINK_MODE=noop",
            noop,
            ">= 0.8 x noop"),
        new Figure(
            "Spark job, backlog",
            "real sinks (Kafka + PostgreSQL)",
            "readings/s",
            real,
            "COPY of the job's own rows (readings, aggregates, alerts, rejections) into tables LIKE them",
            copy,
            ">= 0.75 x COPY"),
        new Figure(
            "Spark job, backlog",
            "noop sink",
            "readings/s",
            noop,
            "plain KafkaConsumer reading the raw topic",
            consumer,
            ""));
  }

  /** Seconds from the job's start until every query has processed the whole topic. */
  private static double drain(SparkSession spark, JobConfig config, long expected, String run)
      throws StreamingQueryException {
    long start = System.nanoTime();
    try (StreamingJob job = StreamingJob.start(spark, config)) {
      job.awaitCaughtUp();
      double seconds = (System.nanoTime() - start) / 1e9;
      CountCheck.require(
          "Spark " + run,
          "raw offsets the readings query committed",
          expected,
          consumedOffsets(job.readingsQuery().lastProgress()));
      return seconds;
    }
  }

  /**
   * Sum of the end offsets of the query's last batch over the raw topic's partitions: with one
   * fresh topic that starts at 0, the number of records the query has read, independent of how
   * Spark counts input rows.
   */
  static long consumedOffsets(StreamingQueryProgress progress) {
    if (progress == null || progress.sources().length == 0) {
      return 0;
    }
    try {
      JsonNode end = Json.MAPPER.readTree(progress.sources()[0].endOffset());
      long sum = 0;
      for (JsonNode topic : end) {
        for (JsonNode offset : topic) {
          sum += offset.asLong();
        }
      }
      return sum;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the query's end offset is not JSON: " + progress.sources()[0].endOffset(), e);
    }
  }

  private static JobConfig config(
      String bootstrap, Topics topics, Path checkpoint, String jdbcUrl, String mode) {
    return JobConfig.builder()
        .bootstrapServers(bootstrap)
        .topics(topics)
        .startingOffsets("earliest")
        .checkpointLocation(checkpoint.toString())
        .pipelineVersion(VERSION)
        // The sizing rule (spark-job README): shuffle partitions = 2 x executor cores; 200 would
        // cost half the throughput
        .shufflePartitions(SHUFFLE_PARTITIONS)
        .sinkMode(JobConfig.SINK_MODE.parse(mode))
        .jdbcUrl(jdbcUrl)
        .jdbcUser(jdbcUrl == null ? null : "postgres")
        .jdbcPassword(jdbcUrl == null ? null : "postgres")
        .build();
  }

  private static long readingRows(String jdbcUrl, BenchServices services) {
    String sql =
        "SELECT count(DISTINCT reading_id), count(*) FROM " + VERSION.schema() + ".readings";
    try (Connection c =
            DriverManager.getConnection(
                jdbcUrl, services.postgres().username(), services.postgres().password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      CountCheck.require(
          "Spark real run",
          "PostgreSQL readings rows vs distinct reading ids",
          rs.getLong(1),
          rs.getLong(2));
      return rs.getLong(2);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot count readings in " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }
}
