package dev.geomonitor.local.runner;

import dev.geomonitor.domain.PipelineVersion;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every runner command shares: where data lives and what the producer polls. */
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

  @Option(names = "--api-url", description = "Poll this API instead of starting the simulator, e.g."
      + " https://api.example.com (a path prefix is kept; v1 and v2 responses are both understood). Each endpoint is"
      + " asked once before anything starts.")
  String apiUrl;

  @Option(names = "--endpoints", split = ",", defaultValue = "/params/all/", description = "API paths polled each"
      + " cycle, comma-separated (${DEFAULT-VALUE}), e.g. /params/water_standpipe/,/params/pore_pressure/.")
  List<String> endpoints;

  @Option(names = "--progress-every", defaultValue = "PT5S", description = "Progress line interval (${DEFAULT-VALUE}).")
  Duration progressInterval;

  LocalSettings settings(PipelineVersion version) {
    Ports.requireFree(pagePort, "--port");
    URI api = apiUrl == null ? null : ApiSource.parseUrl(apiUrl);
    if (api == null) {
      Ports.requireFree(simulatorPort, "--simulator-port");
    }
    LocalSettings settings = new LocalSettings(
        dataDir, fresh, seed, instruments, apiVersion, pace, faults, pollInterval, simulatorPort, pagePort, version,
        maxBatchRecords, duration, progressInterval, api, endpoints);
    if (api != null) {
      System.out.println("checking the API: " + ApiSource.probe(api, settings.endpoints()));
    }
    return settings;
  }
}
