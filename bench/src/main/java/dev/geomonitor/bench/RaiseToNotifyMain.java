package dev.geomonitor.bench;

import dev.geomonitor.alarms.AlarmConfig;
import dev.geomonitor.bench.RaiseToNotifyStage.Crossing;
import dev.geomonitor.bench.RaiseToNotifyStage.Plan;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench.sh alarms --end-to-end}: the raise-to-notify figure, from the crossing
 * reading's raw record acknowledged by Kafka to the e-mail accepted by SMTP and the webhook
 * received, through the real job and the alarm processor under the bench's steady background rate
 * ({@link RaiseToNotifyStage}). A crossing never notified is a failure: no figure, exit 2, as for
 * the bench's lost data.
 */
@Command(
    name = "bench.sh alarms --end-to-end",
    mixinStandardHelpOptions = true,
    description =
        "Raise-to-notify latency end to end: raw record acknowledged by Kafka -> Spark job -> alert row"
            + " -> alarm processor -> e-mail accepted by SMTP and webhook received.")
public final class RaiseToNotifyMain implements Callable<Integer> {
  @Option(
      names = "--crossings",
      description =
          "standpipes crossing their Alarm level, each a new alarm (default ${DEFAULT-VALUE})")
  int crossings = 60;

  @Option(
      names = "--crossing-every",
      description = "pace of the crossings (default ${DEFAULT-VALUE})")
  Duration crossingEvery = Duration.ofSeconds(1);

  @Option(
      names = "--rate",
      description = "background readings per second (default ${DEFAULT-VALUE}, the freshness rate)")
  int rate = 2_000;

  @Option(
      names = "--instruments",
      description = "instruments the background spreads over (default ${DEFAULT-VALUE})")
  int instruments = 500;

  @Option(names = "--seed", description = "workload seed (default ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(
      names = "--warm-up",
      description = "background alone before the first crossing (default ${DEFAULT-VALUE})")
  Duration warmUp = FreshnessStage.WARM_UP;

  @Option(names = "--poll-interval", description = "ALARM_POLL_INTERVAL (default ${DEFAULT-VALUE})")
  Duration pollInterval = AlarmConfig.ALARM_POLL_INTERVAL.defaultValue();

  @Option(
      names = "--settle",
      description = "wait after the last crossing for notifications (default ${DEFAULT-VALUE})")
  Duration settle = Duration.ofSeconds(60);

  @Option(names = "--out", description = "report directory (default ${DEFAULT-VALUE})")
  Path out = Path.of("bench/target/bench/alarms-end-to-end");

  @Option(names = "--work-dir", description = "services' data (default: a new temporary directory)")
  Path workDir;

  static final String TARGET = "<= 5 s";

  public static void main(String[] args) {
    System.exit(new CommandLine(new RaiseToNotifyMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = WorkDir.of(workDir, "geomonitor-e2e-");
    Instant started = Instant.now();
    Machine machine = Machine.current();
    Plan plan = new Plan(rate, crossings, crossingEvery, warmUp, pollInterval, settle);
    List<Crossing> measured;
    Map<String, String> versions = new LinkedHashMap<>();
    Map<String, Long> rss = new LinkedHashMap<>();
    try (BenchServices services = BenchServices.start(work, false);
        NotifyReceivers receivers = NotifyReceivers.start()) {
      SparkSession spark = BenchSpark.create();
      versions.put("Spark", spark.version());
      measured =
          RaiseToNotifyStage.run(
              services,
              spark,
              new Workload(seed, instruments),
              receivers,
              plan,
              work,
              System.out::println);
      rss.putAll(services.peakRss());
      PeakRss.of(ProcessHandle.current().pid()).ifPresent(b -> rss.put("bench JVM", b));
      spark.stop();
    }
    double loadAtEnd = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("background rate", rate + " readings/s");
    settings.put("crossings", crossings + ", one every " + crossingEvery);
    settings.put("warm-up", warmUp.toString());
    settings.put("ALARM_POLL_INTERVAL", pollInterval.toString());
    settings.put("load average at end", String.format(Locale.ROOT, "%.2f", loadAtEnd));
    BenchReport report =
        new BenchReport(started, machine, versions, settings, figures(measured), rss);
    Path md = ReportWriter.write(report, out);
    System.out.println();
    System.out.print(ReportWriter.markdown(report));
    System.out.println("\nwritten: " + md + " and " + md.resolveSibling("bench.json"));
    try {
      requireAllNotified(measured, settle);
    } catch (DataLossException e) {
      System.err.println("bench refused the figure: " + e.getMessage());
      return BenchMain.DATA_LOSS_EXIT;
    }
    return 0;
  }

  /**
   * Every crossing must reach both channels: a missing notification is the alarm bench's lost data
   * (the report is still written, its measures saying how many arrived, to show where they
   * stopped).
   */
  static void requireAllNotified(List<Crossing> crossings, Duration settle) {
    List<String> missing =
        crossings.stream().filter(c -> !c.notified()).map(Crossing::borehole).toList();
    if (!missing.isEmpty()) {
      throw new DataLossException(
          missing.size()
              + " of "
              + crossings.size()
              + " crossings not notified by both e-mail and webhook within "
              + settle
              + " after the last one: "
              + missing);
    }
  }

  /**
   * p50/p95/max of the two end-to-end figures, then p50/p95 of each leg between them: Kafka ack to
   * alert row (the job), alert row to applied (the processor's poll), applied to delivered.
   */
  static List<Figure> figures(List<Crossing> crossings) {
    String stage = "raise-to-notify (" + crossings.size() + " crossings)";
    List<Figure> out = new ArrayList<>();
    endToEnd(
        out, stage, "raw acked by Kafka → e-mail accepted by SMTP", crossings, Crossing::mailed);
    endToEnd(out, stage, "raw acked by Kafka → webhook received", crossings, Crossing::posted);
    leg(out, stage, "raw acked → alert row in PostgreSQL (job)", crossings, Crossing::alertRow);
    leg(
        out,
        stage,
        "alert row → applied by the alarm processor (poll)",
        crossings,
        c -> minus(c.applied(), c.alertRow()));
    leg(
        out,
        stage,
        "applied → e-mail accepted (delivery)",
        crossings,
        c -> minus(c.mailed(), c.applied()));
    leg(
        out,
        stage,
        "applied → webhook received (delivery)",
        crossings,
        c -> minus(c.posted(), c.applied()));
    return out;
  }

  private static void endToEnd(
      List<Figure> out,
      String stage,
      String what,
      List<Crossing> crossings,
      Function<Crossing, Double> ms) {
    List<Double> seconds = seconds(crossings, ms);
    if (seconds.isEmpty()) {
      return;
    }
    String seen = " (" + seconds.size() + "/" + crossings.size() + " notified)";
    out.add(p(stage, "p50 " + what + seen, seconds, 50, ""));
    out.add(p(stage, "p95 " + what + seen, seconds, 95, TARGET));
    out.add(Figure.withoutCeiling(stage, "max " + what, "s", List.of(Stats.max(seconds)), ""));
  }

  private static void leg(
      List<Figure> out,
      String stage,
      String what,
      List<Crossing> crossings,
      Function<Crossing, Double> ms) {
    List<Double> seconds = seconds(crossings, ms);
    if (seconds.isEmpty()) {
      return;
    }
    out.add(p(stage, "p50 " + what, seconds, 50, ""));
    out.add(p(stage, "p95 " + what, seconds, 95, ""));
  }

  private static Figure p(
      String stage, String measure, List<Double> seconds, int p, String target) {
    return Figure.withoutCeiling(
        stage, measure, "s", List.of(Stats.percentile(seconds, p)), target);
  }

  private static List<Double> seconds(List<Crossing> crossings, Function<Crossing, Double> ms) {
    return crossings.stream().map(ms).filter(Objects::nonNull).map(v -> v / 1000).toList();
  }

  private static Double minus(Double a, Double b) {
    return a == null || b == null ? null : a - b;
  }
}
