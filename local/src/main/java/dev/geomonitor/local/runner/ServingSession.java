package dev.geomonitor.local.runner;

import dev.geomonitor.domain.PipelineVersion;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of the embedded stack from the console: starts the services, prints progress while it
 * serves, and stops everything on Ctrl-C, on {@code --duration} or when a stage fails — never
 * leaving processes behind.
 */
final class ServingSession implements AutoCloseable {
  private final LocalStack stack;
  private final Thread hook;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final long startNanos = System.nanoTime();

  private ServingSession(LocalStack stack) {
    this.stack = stack;
    this.hook = new Thread(this::stopFromHook, "stop-local-stack");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts the services and the outputs of the version readers see ({@code firstVersion} on a new
   * data dir).
   */
  static ServingSession open(StackOptions options, PipelineVersion firstVersion) {
    LocalSettings settings = options.settings(firstVersion);
    System.out.println("geomonitor embedded pipeline — data in " + settings.dataDir());
    ServingSession session =
        new ServingSession(new LocalStack(settings, RunnerMain.topics(), System.out::println));
    try {
      session.stack.startServices();
      PipelineVersion serving = session.stack.store().activeVersion().orElse(firstVersion);
      session.stack.prepareOutputs(serving);
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  LocalStack stack() {
    return stack;
  }

  void printReady() {
    System.out.printf("%nready in %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
    System.out.println("  live page        " + stack.page().url());
    if (stack.alarms() != null) {
      System.out.println(
          "  alarms           "
              + stack.page().url()
              + "api/alarms  (acknowledge: POST"
              + " /api/alarms/{id}/acknowledge {\"by\":\"name\",\"comment\":\"...\"})");
    }
    System.out.println("  polling          " + stack.source());
    System.out.println("  OpenSearch       " + stack.openSearch().httpUrl() + "/readings/_search");
    System.out.println(
        "  PostgreSQL       " + stack.postgres().jdbcUrl() + " (views in schema monitoring)");
    System.out.println("  Kafka            " + stack.kafka().bootstrapServers());
    for (String line : verificationCommands()) {
      System.out.println(line);
    }
    System.out.println(
        "Ctrl-C stops everything; a later start resumes from " + stack.settings().dataDir());
  }

  /**
   * Three commands that show the pipeline's outputs with the usual tools: Kafka, PostgreSQL,
   * OpenSearch.
   */
  List<String> verificationCommands() {
    java.nio.file.Path dataDir = stack.settings().dataDir();
    String dataOption =
        dataDir.equals(java.nio.file.Path.of("data").toAbsolutePath().normalize())
            ? ""
            : " --data-dir " + dataDir;
    return List.of(
        "Check the outputs (copy and paste):",
        "  ./run-local.sh kafka-console-consumer"
            + dataOption
            + " --topic "
            + stack.topics().readings()
            + " --from-beginning --max-messages 3",
        "  psql -h 127.0.0.1 -p "
            + stack.postgres().port()
            + " -U "
            + stack.postgres().username()
            + " -d postgres"
            + " -c 'SELECT day, borehole_number, count, min, max, mean FROM monitoring.daily_summary"
            + " ORDER BY day DESC, borehole_number LIMIT 5'",
        "  curl -s '"
            + stack.openSearch().httpUrl()
            + "/readings/_search?size=1&sort=ts:desc&pretty'");
  }

  /**
   * Prints a progress line every interval until Ctrl-C or {@code duration}; fails loudly when a
   * stage died.
   */
  void serve(Duration duration) throws InterruptedException {
    long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    long every = stack.settings().progressInterval().toMillis();
    while (System.nanoTime() < deadline) {
      long wait = Math.max(1, Math.min(every, (deadline - System.nanoTime()) / 1_000_000));
      if (stopped.await(wait, TimeUnit.MILLISECONDS)) {
        return;
      }
      System.out.println(stack.health().progressLine());
      requireHealthy();
    }
  }

  /** A stage that died is reported at once instead of leaving the progress line frozen. */
  private void requireHealthy() {
    if (stack.producerLoop() != null) {
      stack
          .producerLoop()
          .failure()
          .ifPresent(
              e -> {
                throw new IllegalStateException("the producer loop stopped: " + e.getMessage(), e);
              });
    }
    if (stack.sink() != null && stack.sink().failure() != null) {
      throw new IllegalStateException(
          "the search sink stopped: " + stack.sink().failure().getMessage(),
          stack.sink().failure());
    }
    if (stack.job() != null) {
      for (var q : stack.job().queries()) {
        if (q.exception().isDefined()) {
          throw new IllegalStateException(
              "Spark query " + q.name() + " failed: " + q.exception().get().getMessage(),
              q.exception().get());
        }
      }
    }
  }

  private void stopFromHook() {
    System.out.println("stopping ...");
    stack.close();
    stopped.countDown();
  }

  @Override
  public void close() {
    if (stopped.getCount() > 0) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already exiting: the hook does the stopping.
        return;
      }
      stack.close();
      stopped.countDown();
    }
  }
}
