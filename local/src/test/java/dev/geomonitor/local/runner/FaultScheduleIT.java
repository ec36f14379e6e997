package dev.geomonitor.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.embedded.testing.ForkedJvm;
import dev.geomonitor.job.JobConfig;
import dev.geomonitor.job.StreamingJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The embedded pipeline (simulator with its faults, producer loop, KRaft broker, PostgreSQL, search
 * sink, OpenSearch) with the Spark job's own main in a child JVM, put through a fault schedule
 * drawn from a seed: the job SIGKILLed at a chosen point of a chosen batch ({@code FAULT_HALT_AT}:
 * the job blocks there and writes a marker, the test kills it), the broker stopped (or killed) and
 * restarted on its data and port, PostgreSQL down and OpenSearch down for 5 to 15 producer polls
 * (OpenSearch until the sink holds a batch it cannot index), one after the other, in an order and
 * at poll counts the seed decides. A job run that fails meanwhile is started again on its
 * checkpoint, as a streaming job run's retry policy does. Afterwards the pipeline drains and
 * reconciles: nothing lost, nothing doubled, PostgreSQL and OpenSearch agree.
 *
 * <p>The seed is printed; {@code -Dfaults.seeds=1,2,3} runs several (the soak run in the README).
 */
class FaultScheduleIT {
  static final PipelineVersion V1 = PipelineVersion.parse("v1");

  /** Raw records a micro-batch takes at most: a few polls' worth, so the schedule spans batches. */
  static final long BATCH_RECORDS = 400;

  static Stream<Long> seeds() {
    return Arrays.stream(System.getProperty("faults.seeds", "20261206").split(","))
        .map(String::trim)
        .map(Long::parseLong);
  }

  enum Fault {
    BROKER_RESTART,
    POSTGRES_DOWN,
    OPENSEARCH_DOWN
  }

  /**
   * One fault of the schedule: from producer poll {@code at} (counted from the job's first
   * committed batch), for {@code polls} polls; {@code crash}: the broker is killed rather than
   * stopped.
   */
  record Step(Fault fault, int at, int polls, boolean crash) {
    @Override
    public String toString() {
      return switch (fault) {
        case BROKER_RESTART -> "broker " + (crash ? "killed" : "stopped") + " at poll " + at;
        default -> fault + " at poll " + at + " for " + polls + " polls";
      };
    }
  }

  /** What the seed decides: where the job halts to be killed, and when the services fail. */
  record Schedule(long seed, String haltAt, List<Step> steps) {
    static Schedule draw(long seed) {
      Random random = new Random(seed);
      String[] points = {"before-write", "kafka-acked", "after-commit"};
      String haltAt = points[random.nextInt(points.length)] + ":" + (2 + random.nextInt(6));
      List<Fault> order = new ArrayList<>(List.of(Fault.values()));
      Collections.shuffle(order, random);
      List<Step> steps = new ArrayList<>();
      int at = 0;
      for (Fault f : order) {
        at += 1 + random.nextInt(6);
        Step step = new Step(f, at, 5 + random.nextInt(11), random.nextBoolean());
        steps.add(step);
        at += f == Fault.BROKER_RESTART ? 0 : step.polls();
      }
      return new Schedule(seed, haltAt, steps);
    }
  }

  /** A start or an end of a fault, due at a producer poll count once {@code ready} holds. */
  private record Action(int poll, String what, Runnable run, BooleanSupplier ready) {
    Action(int poll, String what, Runnable run) {
      this(poll, what, run, () -> true);
    }
  }

  LocalStack stack;
  Path dataDir;
  Path marker;
  ForkedJvm job;
  int jobRuns;
  boolean killed;
  volatile boolean postgresDown;

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void afterASeededScheduleOfFaultsNothingIsLostOrDoubledAndTheStoresAgree(long seed)
      throws Exception {
    Schedule schedule = Schedule.draw(seed);
    System.out.println(
        "fault schedule, seed "
            + seed
            + " (again: -Dfaults.seeds="
            + seed
            + "): job killed at "
            + schedule.haltAt()
            + ", "
            + schedule.steps());
    dataDir = Paths.get("target", "faults-" + seed + "-" + UUID.randomUUID()).toAbsolutePath();
    marker = dataDir.resolve("job-halted");
    LocalSettings settings =
        new LocalSettings(
            dataDir,
            true,
            seed,
            3,
            "v1",
            20.0,
            true,
            Duration.ofSeconds(1),
            0,
            0,
            V1,
            BATCH_RECORDS,
            null,
            Duration.ofSeconds(5));
    stack = new LocalStack(settings, Topics.DEFAULT, line -> System.out.println("[stack] " + line));
    try {
      // Given the pipeline running, the job in its own JVM set to halt at the seed's point
      stack.startServices();
      stack.prepareOutputs(V1);
      stack.startSimulator();
      stack.startSink(V1);
      startJob(schedule.haltAt());
      stack.startProducer();

      // When, counted from the job's first committed batch, the schedule's faults happen at their
      // poll counts, and the job is killed at its point
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> supervise() && ledgerRowsIn() > 0);
      List<Action> actions = actions(schedule, polls());
      await()
          .atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> advance(actions));
      int done = polls();
      await().atMost(Duration.ofMinutes(1)).until(() -> polls() >= done + 3);
      stack.stopProducer();
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> supervise() && jobCaughtUp() && stack.health().sinkLag() == 0);

      // Then every stage survived or was restarted, and the books balance end to end
      System.out.println(
          "seed "
              + seed
              + ": job runs "
              + jobRuns
              + ", producer "
              + stack.producerLoop().totals()
              + ", sink "
              + stack.sink().totals());
      assertThat(killed).as("the job was killed at " + schedule.haltAt()).isTrue();
      assertThat(stack.producerLoop().failure()).as("producer loop failure").isEmpty();
      assertThat(stack.sink().failure()).as("search sink failure").isNull();
      assertThat(stack.sink().running()).as("search sink still running").isTrue();
      assertThat(stack.sink().totals().retries())
          .as("the sink retried while OpenSearch was down")
          .isPositive();
      Reconciliation.Figures figures = new Reconciliation(stack).checkAll();
      assertThat(figures.accepted()).as("readings went through").isPositive();
      assertThat(figures.indexed()).isEqualTo(figures.accepted());
    } finally {
      if (job != null) {
        job.close();
      }
      stack.close();
    }
  }

  private List<Action> actions(Schedule schedule, int base) {
    List<Action> actions = new ArrayList<>();
    for (Step step : schedule.steps()) {
      switch (step.fault()) {
        case BROKER_RESTART ->
            actions.add(
                new Action(
                    base + step.at(),
                    step.toString(),
                    () -> {
                      if (step.crash()) {
                        stack.kafka().kill();
                      } else {
                        stack.kafka().stop();
                      }
                      stack.kafka().start();
                    }));
        case POSTGRES_DOWN -> {
          actions.add(
              new Action(
                  base + step.at(),
                  "PostgreSQL down",
                  () -> {
                    postgresDown = true;
                    stack.stopPostgres();
                  }));
          actions.add(
              new Action(
                  base + step.at() + step.polls(),
                  "PostgreSQL up",
                  () -> {
                    stack.startPostgres();
                    postgresDown = false;
                  }));
        }
        case OPENSEARCH_DOWN -> {
          actions.add(new Action(base + step.at(), "OpenSearch down", stack.openSearch()::stop));
          // Up again only once the sink holds a batch it cannot index (or long after, should no
          // record come), so the outage always meets the sink's retries.
          int up = base + step.at() + step.polls();
          actions.add(
              new Action(
                  up,
                  "OpenSearch up",
                  stack.openSearch()::start,
                  () -> stack.sink().inFlight() > 0 || polls() >= up + 120));
        }
      }
    }
    actions.sort(Comparator.comparingInt(Action::poll));
    return actions;
  }

  /** Runs the actions now due and looks after the job; true once all ran and the job was killed. */
  private boolean advance(List<Action> actions) throws Exception {
    supervise();
    while (!actions.isEmpty()
        && polls() >= actions.get(0).poll()
        && actions.get(0).ready().getAsBoolean()) {
      Action a = actions.remove(0);
      System.out.println("[faults] poll " + polls() + ": " + a.what());
      a.run().run();
    }
    return actions.isEmpty() && killed;
  }

  /**
   * Kills the job once it has halted at its point and starts it again without one; starts a job run
   * that failed again on its checkpoint (not while PostgreSQL is down: it would only fail at its
   * migration). Always true, to be used inside a wait condition.
   */
  private boolean supervise() throws Exception {
    if (!killed && Files.exists(marker)) {
      System.out.println("[faults] job halted at " + Files.readString(marker).trim() + ": SIGKILL");
      job.kill();
      killed = true;
      startJob(null);
    } else if (!job.isAlive() && !postgresDown) {
      System.out.println("[faults] job run ended (see " + job.log() + "): started again");
      startJob(killed ? null : haltAtOfThisRun);
    }
    return true;
  }

  private String haltAtOfThisRun;

  private void startJob(String haltAt) {
    haltAtOfThisRun = haltAt;
    jobRuns++;
    JobConfig c = stack.jobConfig(V1, null, BATCH_RECORDS);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--kafka-bootstrap-servers=" + c.bootstrapServers(),
                "--starting-offsets=earliest",
                "--checkpoint-location=" + c.checkpointLocation(),
                "--trigger-interval=" + c.triggerInterval(),
                "--max-offsets-per-trigger=" + c.maxOffsetsPerTrigger(),
                "--shuffle-partitions=" + c.shufflePartitions(),
                "--jdbc-url=" + c.jdbcUrl(),
                "--jdbc-user=" + c.jdbcUser(),
                "--jdbc-password=" + c.jdbcPassword()));
    if (haltAt != null) {
      args.add("--fault-halt-at=" + haltAt);
      args.add("--fault-marker=" + marker);
    }
    job =
        ForkedJvm.start(
            StreamingJob.class.getName(),
            List.of(
                "-Xmx768m",
                "-Dspark.master=local[2]",
                "-Dspark.ui.enabled=false",
                "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.driver.host=127.0.0.1"),
            args,
            dataDir.resolve("job-" + jobRuns + ".log"));
  }

  private int polls() {
    var totals = stack.producerLoop().totals();
    return (int) (totals.polls() + totals.failedPolls());
  }

  private boolean jobCaughtUp() throws Exception {
    if (postgresDown) {
      return false;
    }
    long raw =
        RawLog.total(RawLog.offsets(stack.admin(), stack.topics().raw(), OffsetSpec.latest()));
    return ledgerRowsIn() == raw;
  }

  /** Raw records the job has committed (0 until its schema exists). */
  private long ledgerRowsIn() throws Exception {
    try (var c = stack.store().dataSource().getConnection();
        var s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT coalesce(sum(rows_in), 0) FROM monitoring.batch_ledger"
                    + " WHERE query_name LIKE 'readings-%'")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      return 0;
    }
  }
}
