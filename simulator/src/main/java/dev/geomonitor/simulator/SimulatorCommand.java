package dev.geomonitor.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar simulator-lambda.jar --port 8080 --api-version v2 --unavailable-rate 0.1}:
 * serves until stopped.
 */
@Command(
    name = "simulator",
    mixinStandardHelpOptions = true,
    description = "Serves a seeded, reproducible simulation of the monitoring source API.")
public final class SimulatorCommand implements Callable<Integer> {
  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Scenario seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--instruments-per-type",
      defaultValue = "100",
      description = "Instruments of each kind.")
  int instrumentsPerType;

  @Option(names = "--api-version", defaultValue = "v1", description = "v1 or v2.")
  String apiVersion;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Listen address (0.0.0.0 in a container).")
  String bind;

  @Option(names = "--port", defaultValue = "8080", description = "Port; 0 picks a free one.")
  int port;

  @Option(
      names = "--scenario-start",
      description = "ISO-8601 instant the scenario starts (default: now).")
  Instant scenarioStart;

  @Option(
      names = "--sample-interval-ms",
      defaultValue = "10000",
      description = "How often instruments sample.")
  long sampleIntervalMs;

  @Option(
      names = "--pace",
      defaultValue = "1.0",
      description = "Scenario seconds per second; 1 = demo pace.")
  double pace;

  @Option(
      names = "--drawdown-fraction",
      defaultValue = "0.05",
      description = "Share of standpipes dewatered.")
  double drawdownFraction;

  @Option(
      names = "--unavailable-rate",
      defaultValue = "0",
      description = "Share of requests answered 503.")
  double unavailableRate;

  @Option(
      names = "--retry-after",
      defaultValue = "1",
      description = "Retry-After seconds sent with a 503.")
  int retryAfter;

  @Option(
      names = "--internal-error-rate",
      defaultValue = "0",
      description = "Share of requests answered 500.")
  double internalErrorRate;

  @Option(
      names = "--slow-rate",
      defaultValue = "0",
      description = "Share of requests answered slowly.")
  double slowRate;

  @Option(
      names = "--slow-delay-ms",
      defaultValue = "2000",
      description = "Delay of a slow response.")
  long slowDelayMs;

  @Option(
      names = "--truncated-body-rate",
      defaultValue = "0",
      description = "Share of bodies cut short.")
  double truncatedBodyRate;

  @Option(names = "--malformed-rate", defaultValue = "0", description = "Share of items corrupted.")
  double malformedRate;

  @Option(
      names = "--malformed-kinds",
      split = ",",
      description =
          "Corruptions to use (default all): missing_field, string_value, boolean_northing,"
              + " blank_borehole_number, unknown_instrument, value_out_of_range, coordinates_outside_grid,"
              + " unparseable_timestamp.")
  List<String> malformedKinds = new ArrayList<>();

  @Option(
      names = "--duplicate-rate",
      defaultValue = "0",
      description = "Share of items served twice.")
  double duplicateRate;

  @Option(
      names = "--late-rate",
      defaultValue = "0",
      description = "Share of items 1-14 minutes old.")
  double lateRate;

  @Option(
      names = "--very-late-rate",
      defaultValue = "0",
      description = "Share of items from a buffered upload, 15-90 minutes old.")
  double veryLateRate;

  @Option(
      names = "--future-rate",
      defaultValue = "0",
      description = "Share of items 1-6 hours ahead.")
  double futureRate;

  @Option(
      names = "--corrected-rate",
      defaultValue = "0",
      description = "Share of items served again with a corrected value (same timestamp).")
  double correctedRate;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulatorCommand()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    SimulatorServer sim = SimulatorServer.start(toConfig());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sim.close();
                  stopped.countDown();
                },
                "simulator-shutdown"));
    System.out.println(
        "Simulator API " + apiVersion + " at " + sim.baseUrl() + " (Ctrl+C to stop)");
    System.out.println(
        "  try "
            + sim.baseUrl()
            + "/params/water_standpipe/ and "
            + sim.baseUrl()
            + "/_simulator/stats");
    stopped.await();
    return 0;
  }

  SimulatorConfig toConfig() {
    List<MalformedKind> kinds =
        malformedKinds.stream().map(String::trim).map(MalformedKind::fromWireName).toList();
    Faults faults =
        new Faults(
            unavailableRate,
            retryAfter,
            internalErrorRate,
            slowRate,
            slowDelayMs,
            truncatedBodyRate,
            malformedRate,
            kinds,
            duplicateRate,
            lateRate,
            veryLateRate,
            futureRate,
            correctedRate);
    return new SimulatorConfig(
        seed,
        instrumentsPerType,
        apiVersion,
        bind,
        port,
        Clock.systemUTC(),
        scenarioStart,
        Duration.ofMillis(sampleIntervalMs),
        pace,
        drawdownFraction,
        faults);
  }
}
