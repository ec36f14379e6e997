package dev.geomonitor.bench;

import dev.geomonitor.alarms.AlarmConfig;
import dev.geomonitor.alarms.AlarmRuntime;
import dev.geomonitor.batchstore.BatchContent;
import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.embedded.PostgresServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench.sh alarms}: how long from an alert row committed in PostgreSQL (what the Spark
 * job's executors do) to the e-mail accepted by a real SMTP server (GreenMail) and the signed
 * webhook received by a real HTTP server, with the alarm processor as the local runner starts it.
 * Alerts arrive at a steady rate, one new standpipe crossing each; the figure is p50/p95/max over
 * all of them. The part before (raw record to alert row) is the bench's freshness figure.
 */
@Command(
    name = "bench.sh alarms",
    mixinStandardHelpOptions = true,
    description =
        "Raise-to-notify latency: alert row committed -> e-mail accepted by SMTP and webhook received.")
public final class AlarmLatencyMain implements Callable<Integer> {
  @Option(names = "--alerts", description = "alerts (each a new alarm) (default ${DEFAULT-VALUE})")
  int alerts = 200;

  @Option(names = "--rate", description = "alerts per second (default ${DEFAULT-VALUE})")
  double rate = 5;

  @Option(names = "--poll-interval", description = "ALARM_POLL_INTERVAL (default ${DEFAULT-VALUE})")
  Duration pollInterval = AlarmConfig.ALARM_POLL_INTERVAL.defaultValue();

  @Option(
      names = "--work-dir",
      description = "PostgreSQL's data (default: a new temporary directory)")
  Path workDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AlarmLatencyMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = WorkDir.of(workDir, "alarm-bench-");
    try (NotifyReceivers receivers = NotifyReceivers.start();
        PostgresServer postgres = PostgresServer.start(dir.resolve("postgres"))) {
      PipelineVersion v1 = new PipelineVersion(1);
      BatchStore store =
          new BatchStore(
              new BatchStoreConfig(postgres.jdbcUrl(), postgres.username(), postgres.password()));
      store.migrate(v1);
      AlarmConfig config = receivers.alarmConfig(pollInterval);
      Map<String, Long> committed = new ConcurrentHashMap<>();
      try (AlarmRuntime runtime =
          AlarmRuntime.start(config, store.dataSource(), Clock.systemUTC())) {
        long start = System.nanoTime();
        long every = (long) (1e9 / rate);
        Instant ts = Instant.parse("2026-11-24T20:00:00Z");
        for (int i = 0; i < alerts; i++) {
          long due = start + i * every;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          String borehole = "BH-L" + i;
          StatusAlert alert =
              new StatusAlert(
                  NaturalKeys.alertId("water_standpipe", borehole, ts, TriggerStatus.ALARM),
                  "v1",
                  "water_standpipe",
                  borehole,
                  ts,
                  TriggerStatus.NORMAL,
                  TriggerStatus.ALARM,
                  88.1,
                  86.0,
                  2.1,
                  2.0,
                  "m AHD",
                  -37.79,
                  144.97,
                  NaturalKeys.readingId("water_standpipe", borehole, ts));
          store.writeBatch(
              v1,
              "readings",
              i,
              BatchContent.ofReadings(List.of(), List.of(alert), List.of(), null));
          committed.put(borehole, System.nanoTime());
        }
        long deadline =
            System.nanoTime() + TimeUnit.SECONDS.toNanos(60) + pollInterval.toNanos() * 3;
        while ((receivers.mailedCount() < alerts || receivers.postedCount() < alerts)
            && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(20);
        }
      }
      report(committed, receivers);
      return receivers.mailedCount() == alerts && receivers.postedCount() == alerts ? 0 : 2;
    }
  }

  private void report(Map<String, Long> committed, NotifyReceivers receivers) {
    List<Double> mail = new ArrayList<>();
    List<Double> hook = new ArrayList<>();
    committed.forEach(
        (borehole, at) -> {
          receivers.mailed(borehole).ifPresent(t -> mail.add((t - at) / 1e6));
          receivers.posted(borehole).ifPresent(t -> hook.add((t - at) / 1e6));
        });
    System.out.printf(
        "raise-to-notify, %d alerts at %.1f/s, ALARM_POLL_INTERVAL %s%n",
        alerts, rate, pollInterval);
    line("e-mail accepted by SMTP", mail);
    line("webhook received", hook);
  }

  private void line(String what, List<Double> ms) {
    if (ms.isEmpty()) {
      System.out.printf("  %-24s none of %d arrived%n", what, alerts);
      return;
    }
    System.out.printf(
        "  %-24s %d/%d  p50 %.0f ms  p95 %.0f ms  max %.0f ms%n",
        what, ms.size(), alerts, Stats.percentile(ms, 50), Stats.percentile(ms, 95), Stats.max(ms));
  }
}
