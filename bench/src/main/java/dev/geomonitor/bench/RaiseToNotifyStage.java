package dev.geomonitor.bench;

import dev.geomonitor.alarms.AlarmRuntime;
import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.bench.Workload.RawRecord;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.job.JobConfig;
import dev.geomonitor.job.StreamingJob;
import dev.geomonitor.platform.kafka.RawReadingsProducer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;

/**
 * Raise-to-notify end to end: the real job ({@code local[2]}, real sinks) and the alarm processor
 * as the local runner starts it, under a steady background of normal readings; at a fixed pace a
 * new standpipe jumps past its Alarm level. Each crossing is timed from its raw record acknowledged
 * by Kafka (the producer's send callback) to the e-mail accepted by SMTP and the webhook received.
 *
 * <p>Two intermediate points say where the time goes: the alert row visible in {@code
 * monitoring.alerts} (looked up every {@link #LOOKUP_EVERY}: the job's share, raw topic to
 * committed batch) and the alert applied by the alarm processor ({@code
 * alarm_processed_alerts.processed_at}: the wait for its next pass). What is left after that is
 * rendering and delivery.
 */
final class RaiseToNotifyStage {
  private static final PipelineVersion VERSION = PipelineVersion.parse("v1");
  static final Duration LOOKUP_EVERY = Duration.ofMillis(20);

  private RaiseToNotifyStage() {}

  /**
   * What one run does.
   *
   * @param rate background readings per second (the bench's steady rate)
   * @param crossings how many standpipes cross, each raising one new alarm
   * @param crossingEvery the pace of the crossings
   * @param warmUp steady background alone before the first crossing, after the job was primed (its
   *     first batches still run slower: JIT)
   * @param pollInterval ALARM_POLL_INTERVAL
   * @param settle how long after the last crossing to wait for its notifications
   */
  record Plan(
      int rate,
      int crossings,
      Duration crossingEvery,
      Duration warmUp,
      Duration pollInterval,
      Duration settle) {
    Plan {
      if (rate <= 0 || crossings <= 0) {
        throw new IllegalArgumentException("--rate and --crossings must be positive");
      }
    }

    Duration sending() {
      return warmUp.plus(crossingEvery.multipliedBy(crossings));
    }
  }

  /**
   * One crossing's times, in milliseconds after its raw record was acknowledged by Kafka; null:
   * never seen.
   *
   * @param alertRow the alert row visible in PostgreSQL (the job's batch committed)
   * @param applied the alert applied by the alarm processor (its pass began after the row
   *     committed)
   * @param mailed the e-mail accepted by the SMTP server
   * @param posted the webhook received
   */
  record Crossing(String borehole, Double alertRow, Double applied, Double mailed, Double posted) {
    boolean notified() {
      return mailed != null && posted != null;
    }
  }

  /** A crossing in flight: the instants (System.nanoTime) seen so far. */
  private static final class Tracked {
    final String borehole;
    volatile long acked;
    volatile long alertRow;

    Tracked(String borehole) {
      this.borehole = borehole;
    }
  }

  static List<Crossing> run(
      BenchServices services,
      SparkSession spark,
      Workload workload,
      NotifyReceivers receivers,
      Plan plan,
      Path work,
      Consumer<String> console)
      throws Exception {
    String bootstrap = services.kafka().bootstrapServers();
    Topics topics = services.createTopics("e2e", 2);
    String jdbcUrl = services.createDatabase("bench_e2e_" + System.nanoTime() % 100_000);
    String user = services.postgres().username();
    String password = services.postgres().password();
    BatchStore store = new BatchStore(new BatchStoreConfig(jdbcUrl, user, password));
    store.migrate(VERSION);
    store.activate(VERSION);
    JobConfig jobConfig =
        JobConfig.builder()
            .bootstrapServers(bootstrap)
            .topics(topics)
            .startingOffsets("earliest")
            .checkpointLocation(work.resolve("cp-e2e").toString())
            .shufflePartitions(2)
            .jdbcUrl(jdbcUrl)
            .jdbcUser(user)
            .jdbcPassword(password)
            .triggerLevelsFile(Optional.of(backgroundLevels(work).toString()))
            .build();
    List<Tracked> tracked = new ArrayList<>();
    for (int n = 0; n < plan.crossings(); n++) {
      tracked.add(new Tracked(Workload.crossingBorehole(n)));
    }
    // Wall clock <-> nanoTime, to place the processor's processed_at among the other instants.
    long baseNanos = System.nanoTime();
    Instant baseWall = Instant.now();
    try (StreamingJob job = StreamingJob.start(spark, jobConfig);
        AlarmRuntime alarms =
            AlarmRuntime.start(
                receivers.alarmConfig(plan.pollInterval()), store.dataSource(), Clock.systemUTC());
        Producer<String, byte[]> producer = RawReadingsProducer.create(bootstrap);
        Connection db = DriverManager.getConnection(jdbcUrl, user, password)) {
      prime(producer, topics.raw(), workload, tracked, plan, job);
      console.accept(
          String.format(
              "  %d crossings, one every %s after %s of warm-up, over %d readings/s for %d s ...",
              plan.crossings(),
              plan.crossingEvery(),
              plan.warmUp(),
              plan.rate(),
              plan.sending().toSeconds()));
      ExecutorService lookups =
          Executors.newSingleThreadExecutor(r -> new Thread(r, "alert-row-lookups"));
      AtomicBoolean sending = new AtomicBoolean(true);
      Future<?> looking =
          lookups.submit(
              () -> {
                lookUpAlertRows(db, tracked, sending, receivers, plan);
                return null;
              });
      try {
        send(producer, topics.raw(), workload, tracked, plan, looking);
      } finally {
        sending.set(false);
      }
      looking.get();
      lookups.shutdown();
      if (job.readingsQuery().exception().isDefined()) {
        throw new IllegalStateException(
            "the job failed during the raise-to-notify run", job.readingsQuery().exception().get());
      }
      Map<String, Instant> applied = appliedAt(db);
      List<Crossing> out = new ArrayList<>();
      for (Tracked t : tracked) {
        Instant at = applied.get(t.borehole);
        long appliedNanos = at == null ? 0 : baseNanos + Duration.between(baseWall, at).toNanos();
        out.add(
            new Crossing(
                t.borehole,
                since(t.acked, t.alertRow),
                since(t.acked, appliedNanos),
                since(t.acked, receivers.mailed(t.borehole).orElse(0)),
                since(t.acked, receivers.posted(t.borehole).orElse(0))));
      }
      return out;
    }
  }

  /**
   * Off the clock: the crossings' baselines (each standpipe's first reading) and one second of
   * background, through the job until it caught up. The job's first batch pays for query planning,
   * code generation and a cold JIT (30 s on the loaded 2-core machine): it must not sit under the
   * first crossings.
   */
  private static void prime(
      Producer<String, byte[]> producer,
      String rawTopic,
      Workload workload,
      List<Tracked> tracked,
      Plan plan,
      StreamingJob job)
      throws Exception {
    Instant now = Instant.now();
    for (int n = 0; n < tracked.size(); n++) {
      RawRecord baseline = workload.standpipeCrossing(n, now, false);
      producer.send(new ProducerRecord<>(rawTopic, baseline.key(), baseline.value())).get();
    }
    for (long i = 0; i < plan.rate(); i++) {
      Instant ts = now.minusNanos((plan.rate() - i) * 1_000_000_000L / plan.rate());
      RawRecord r = workload.reading(i, ts, now);
      producer.send(new ProducerRecord<>(rawTopic, r.key(), r.value()));
    }
    producer.flush();
    job.awaitCaughtUp();
  }

  /**
   * The background at {@code plan.rate()} readings/s for the whole run, then one crossing every
   * {@code plan.crossingEvery()} after the warm-up. A crossing is sent as soon as it is due,
   * between two background readings.
   */
  private static void send(
      Producer<String, byte[]> producer,
      String rawTopic,
      Workload workload,
      List<Tracked> tracked,
      Plan plan,
      Future<?> looking)
      throws Exception {
    AtomicReference<Exception> failed = new AtomicReference<>();
    long start = System.nanoTime();
    long crossingsFrom = start + plan.warmUp().toNanos();
    long crossingEvery = plan.crossingEvery().toNanos();
    long total = (long) plan.rate() * plan.sending().toSeconds();
    int next = 0;
    for (long i = 0; i < total || next < tracked.size(); i++) {
      long due = start + i * 1_000_000_000L / plan.rate();
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      while (next < tracked.size() && System.nanoTime() >= crossingsFrom + next * crossingEvery) {
        Tracked t = tracked.get(next);
        RawRecord crossing = workload.standpipeCrossing(next, Instant.now(), true);
        producer.send(
            new ProducerRecord<>(rawTopic, crossing.key(), crossing.value()),
            (metadata, e) -> {
              if (e != null) {
                failed.compareAndSet(null, e);
              } else {
                t.acked = System.nanoTime();
              }
            });
        next++;
      }
      Instant now = Instant.now();
      RawRecord r = workload.reading(i, now, now);
      producer.send(
          new ProducerRecord<>(rawTopic, r.key(), r.value()),
          (metadata, e) -> {
            if (e != null) {
              failed.compareAndSet(null, e);
            }
          });
      if (failed.get() != null) {
        throw new IllegalStateException("a raw record was not accepted by Kafka", failed.get());
      }
      if (looking.isDone()) {
        looking.get(); // a lookup failed: report it now
      }
    }
    producer.flush();
    if (failed.get() != null) {
      throw new IllegalStateException("a raw record was not accepted by Kafka", failed.get());
    }
  }

  /**
   * Stamps each acknowledged crossing's alert row when it becomes visible: all unseen ones in one
   * query every {@link #LOOKUP_EVERY}, so the stamps do not depend on how many are outstanding.
   * Returns once every crossing is notified, or {@code plan.settle()} after the sending ended.
   */
  private static void lookUpAlertRows(
      Connection db,
      List<Tracked> tracked,
      AtomicBoolean sending,
      NotifyReceivers receivers,
      Plan plan)
      throws Exception {
    try (PreparedStatement alerts =
        db.prepareStatement(
            "SELECT DISTINCT borehole_number FROM monitoring.alerts"
                + " WHERE instrument = 'water_standpipe' AND borehole_number = ANY (?)")) {
      long deadline = Long.MAX_VALUE;
      while (sending.get() || !allNotified(tracked, receivers)) {
        if (!sending.get() && deadline == Long.MAX_VALUE) {
          deadline = System.nanoTime() + plan.settle().toNanos();
        }
        if (System.nanoTime() > deadline) {
          return;
        }
        Map<String, Tracked> unseen = new HashMap<>();
        for (Tracked t : tracked) {
          if (t.acked != 0 && t.alertRow == 0) {
            unseen.put(t.borehole, t);
          }
        }
        if (!unseen.isEmpty()) {
          alerts.setArray(1, db.createArrayOf("text", unseen.keySet().toArray()));
          try (ResultSet rs = alerts.executeQuery()) {
            long now = System.nanoTime();
            while (rs.next()) {
              unseen.get(rs.getString(1)).alertRow = now;
            }
          }
        }
        Thread.sleep(LOOKUP_EVERY.toMillis());
      }
    }
  }

  /**
   * The shipped levels with each strain gauge's and extensometer's baseline taken from its first
   * reading instead of 0: the workload's values for those types sit up to 6 units from 0, so with
   * the shipped baselines part of the background would raise alarms of its own, and the background
   * is meant to be Normal. The standpipes keep the shipped levels.
   */
  private static Path backgroundLevels(Path work) throws IOException {
    Path file = work.resolve("trigger-levels-e2e.json");
    Files.writeString(
        file,
        """
        [{"instrument": "strain_gauge", "direction": "BOTH", "alert": 2.0, "alarm": 4.0, "action": 6.0},
         {"instrument": "extensometer", "direction": "BOTH", "alert": 5.0, "alarm": 10.0, "action": 15.0}]
        """);
    return file;
  }

  private static boolean allNotified(List<Tracked> tracked, NotifyReceivers receivers) {
    return tracked.stream()
        .allMatch(
            t ->
                receivers.mailed(t.borehole).isPresent()
                    && receivers.posted(t.borehole).isPresent());
  }

  /** When the alarm processor applied each crossing's alert (its own clock: the wall clock). */
  private static Map<String, Instant> appliedAt(Connection db) throws Exception {
    Map<String, Instant> out = new HashMap<>();
    try (PreparedStatement ps =
            db.prepareStatement(
                "SELECT a.borehole_number, min(p.processed_at) FROM monitoring.alerts a"
                    + " JOIN monitoring.alarm_processed_alerts p USING (alert_id)"
                    + " WHERE a.instrument = 'water_standpipe' AND a.borehole_number LIKE 'BH-X%'"
                    + " GROUP BY a.borehole_number");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
      }
    }
    return out;
  }

  private static Double since(long from, long to) {
    return from == 0 || to == 0 ? null : (to - from) / 1e6;
  }
}
