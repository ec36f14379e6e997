package dev.geomonitor.local.runner;

import dev.geomonitor.domain.PipelineVersion;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every runner command shares: where data lives and what the simulator serves. */
final class StackOptions {
  @Option(names = "--data-dir", defaultValue = "data", description = "Where every service keeps its data (${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--fresh", description = "Wipe the data directory first (otherwise a start resumes from it).")
  boolean fresh;

  @Option(names = "--duration", description = "Stop after this long, e.g. PT5M (default: until Ctrl-C).")
  Duration duration;

  @Option(names = "--seed", defaultValue = "42", description = "Simulator seed (${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--instruments", defaultValue = "100", description = "Instruments per type (${DEFAULT-VALUE}).")
  int instruments;

  @Option(names = "--api-version", defaultValue = "v1", description = "API version the simulator serves: v1 or v2.")
  String apiVersion;

  @Option(names = "--pace", defaultValue = "1", description = "How fast the simulated site moves (${DEFAULT-VALUE}: first"
      + " Alert after about 2 minutes, Action after 5; real sites are far slower).")
  double pace;

  @Option(names = "--faults", description = "Let the simulator inject faults (5xx, malformed, duplicate, late items).")
  boolean faults;

  @Option(names = "--poll-interval", defaultValue = "PT5S", description = "Producer poll interval (${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(names = "--port", defaultValue = "8080", description = "Live page port (${DEFAULT-VALUE}; 0 = any free).")
  int pagePort;

  @Option(names = "--simulator-port", defaultValue = "8081", description = "Simulator port (${DEFAULT-VALUE}; 0 = any free).")
  int simulatorPort;

  @Option(names = "--max-batch-records", defaultValue = "100000", description = "Raw records per Spark micro-batch at"
      + " most (${DEFAULT-VALUE}).")
  long maxBatchRecords;

  @Option(names = "--progress-every", defaultValue = "PT5S", description = "Progress line interval (${DEFAULT-VALUE}).")
  Duration progressInterval;

  LocalSettings settings(PipelineVersion version) {
    Ports.requireFree(pagePort, "--port");
    Ports.requireFree(simulatorPort, "--simulator-port");
    return new LocalSettings(
        dataDir, fresh, seed, instruments, apiVersion, pace, faults, pollInterval, simulatorPort, pagePort, version,
        maxBatchRecords, duration, progressInterval);
  }
}
