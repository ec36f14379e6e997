package dev.geomonitor.bench;

import dev.geomonitor.bench.BenchSettings.Stage;
import dev.geomonitor.bench.Workload.RawRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.spark.sql.SparkSession;

/**
 * One bench run: starts the services, measures the selected stages side by side, returns the
 * report.
 */
public final class Bench {
  /**
   * The broker version embedded-services runs (its own JVM, its own classpath: not visible from
   * here).
   */
  static final String KAFKA_BROKER_VERSION = "3.9.1";

  private final BenchSettings settings;
  private final Consumer<String> console;

  public Bench(BenchSettings settings, Consumer<String> console) {
    this.settings = settings;
    this.console = console;
  }

  /**
   * Throws {@link DataLossException} when a run's end counts do not match: no figure is reported
   * then.
   */
  public BenchReport run() throws Exception {
    Machine machine = Machine.current();
    Instant started = Instant.now();
    console.accept(
        String.format(
            "bench on %d cores, %s, load average %.2f",
            machine.cores(), machine.jdk(), machine.loadAverageAtStart()));
    List<RawRecord> workload =
        new Workload(settings.seed(), settings.instruments())
            .backlog(settings.readings(), started.minusSeconds(600));
    List<Figure> figures = new ArrayList<>();
    Map<String, String> versions = new LinkedHashMap<>();
    Map<String, Long> rss = new LinkedHashMap<>();
    try (BenchServices services =
        BenchServices.start(
            settings.workDir(),
            settings.stages().contains(Stage.OPENSEARCH)
                || settings.stages().contains(Stage.FRESHNESS)
                || settings.stages().contains(Stage.MEMORY))) {
      versions.put("Kafka broker", KAFKA_BROKER_VERSION);
      versions.put("kafka-clients", AppInfoParser.getVersion());
      versions.put("PostgreSQL", postgresVersion(services));
      if (services.hasOpenSearch()) {
        versions.put(
            "OpenSearch",
            OpenSearchStage.send(
                    HttpClient.newHttpClient(),
                    HttpRequest.newBuilder(URI.create(services.openSearch().httpUrl()))
                        .GET()
                        .build())
                .path("version")
                .path("number")
                .asText());
      }
      if (settings.stages().contains(Stage.PRODUCER)) {
        console.accept("producer ...");
        figures.add(ProducerStage.run(services, workload, settings.repeat(), console));
      }
      // The stages without Spark first: freshness then runs against an OpenSearch node (and a sink)
      // past their JIT
      // warm-up, as a pipeline in steady state would.
      if (settings.stages().contains(Stage.POSTGRES)) {
        console.accept("PostgreSQL write ...");
        figures.add(PostgresStage.run(services, workload, settings.repeat(), console));
      }
      if (settings.stages().contains(Stage.OPENSEARCH)) {
        console.accept("OpenSearch sink ...");
        figures.add(OpenSearchStage.run(services, workload, settings.repeat(), console));
      }
      SparkSession spark = null;
      try {
        if (settings.stages().contains(Stage.SPARK)) {
          console.accept("Spark job, backlog ...");
          spark = BenchSpark.create();
          SparkBacklogStage.Result backlog =
              SparkBacklogStage.run(
                  services, spark, workload, settings.repeat(), settings.workDir(), console);
          figures.add(backlog.realVsNoop());
          figures.add(backlog.realVsCopy());
          figures.add(backlog.noopVsConsumer());
        }
        if (settings.stages().contains(Stage.FRESHNESS)) {
          console.accept(
              "freshness at "
                  + settings.rate()
                  + " readings/s for "
                  + settings.freshnessSeconds()
                  + " s ...");
          spark = spark == null ? BenchSpark.create() : spark;
          figures.addAll(
              FreshnessStage.run(
                  services,
                  spark,
                  new Workload(settings.seed(), settings.instruments()),
                  settings.rate(),
                  settings.freshnessSeconds(),
                  settings.workDir(),
                  console));
        }
        if (spark != null) {
          versions.put("Spark", spark.version());
        }
      } finally {
        if (spark != null) {
          spark.stop();
        }
      }
      if (settings.stages().contains(Stage.MEMORY)) {
        rss.putAll(services.peakRss());
        PeakRss.of(ProcessHandle.current().pid())
            .ifPresent(b -> rss.put("bench JVM (Spark job + producer + clients)", b));
      }
    }
    return new BenchReport(started, machine, versions, settings.describe(), figures, rss);
  }

  private static String postgresVersion(BenchServices services) {
    try (Connection c = services.postgres().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the PostgreSQL version: " + e.getMessage(), e);
    }
  }
}
