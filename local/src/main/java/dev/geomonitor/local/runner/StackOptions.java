package dev.geomonitor.local.runner;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.ValidationPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every runner command shares: where data lives and what the producer polls. */
final class StackOptions {
  @Option(
      names = "--data-dir",
      defaultValue = "data",
      description = "Where every service keeps its data (${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--fresh",
      description = "Wipe the data directory first (otherwise a start resumes from it).")
  boolean fresh;

  @Option(
      names = "--duration",
      description = "Stop after this long, e.g. PT5M (default: until Ctrl-C).")
  Duration duration;

  @Option(names = "--seed", defaultValue = "42", description = "Simulator seed (${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--instruments",
      defaultValue = "100",
      description = "Instruments per type (${DEFAULT-VALUE}).")
  int instruments;

  @Option(
      names = "--api-version",
      defaultValue = "v1",
      description = "API version the simulator serves: v1 or v2.")
  String apiVersion;

  @Option(
      names = "--pace",
      defaultValue = "1",
      description =
          "How fast the simulated site moves (${DEFAULT-VALUE}: first"
              + " Alert after about 2 minutes, Action after 5; real sites are far slower).")
  double pace;

  @Option(
      names = "--faults",
      description = "Let the simulator inject faults (5xx, malformed, duplicate, late items).")
  boolean faults;

  @Option(
      names = "--poll-interval",
      defaultValue = "PT5S",
      description = "Producer poll interval (${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Live page port (${DEFAULT-VALUE}; 0 = any free).")
  int pagePort;

  @Option(
      names = "--simulator-port",
      defaultValue = "8081",
      description = "Simulator port (${DEFAULT-VALUE}; 0 = any free).")
  int simulatorPort;

  @Option(
      names = "--max-batch-records",
      defaultValue = "100000",
      description = "Raw records per Spark micro-batch at" + " most (${DEFAULT-VALUE}).")
  long maxBatchRecords;

  @Option(
      names = "--api-url",
      description =
          "Poll this API instead of starting the simulator, e.g."
              + " https://api.example.com (a path prefix is kept; v1 and v2 responses are both understood). Each endpoint is"
              + " asked once before anything starts.")
  String apiUrl;

  @Option(
      names = "--endpoints",
      split = ",",
      defaultValue = "/params/all/",
      description =
          "API paths polled each"
              + " cycle, comma-separated (${DEFAULT-VALUE}), e.g. /params/water_standpipe/,/params/pore_pressure/.")
  List<String> endpoints;

  @Option(
      names = "--progress-every",
      defaultValue = "PT5S",
      description = "Progress line interval (${DEFAULT-VALUE}).")
  Duration progressInterval;

  @Option(
      names = "--site-crs",
      description =
          "EPSG code of the site grid the API's easting/northing are in"
              + " (default EPSG:28355, the simulator's MGA zone 55; e.g. EPSG:7856 for MGA zone 56 on GDA2020).")
  String siteCrs;

  @Option(
      names = "--site-bounds",
      description =
          "Site bounds minEasting,minNorthing,maxEasting,maxNorthing in the"
              + " grid's metres (default: the simulator's site; required with another --site-crs).")
  String siteBounds;

  @Option(
      names = "--site-epoch",
      description =
          "Readings before this instant are rejected (default"
              + " 2000-01-01T00:00:00Z); any later reading, however old, is accepted.")
  String siteEpoch;

  @Option(
      names = "--future-tolerance",
      description = "How far after fetch time a reading may be stamped (default" + " PT5M).")
  String futureTolerance;

  LocalSettings settings(PipelineVersion version) {
    Ports.requireFree(pagePort, "--port");
    URI api = apiUrl == null ? null : ApiSource.parseUrl(apiUrl);
    if (api == null) {
      Ports.requireFree(simulatorPort, "--simulator-port");
    }
    Map<String, String> site = new HashMap<>();
    putIfSet(site, "SITE_CRS", siteCrs);
    putIfSet(site, "SITE_BOUNDS", siteBounds);
    putIfSet(site, "SITE_EPOCH", siteEpoch);
    putIfSet(site, "FUTURE_TOLERANCE", futureTolerance);
    LocalSettings settings =
        new LocalSettings(
            dataDir,
            fresh,
            seed,
            instruments,
            apiVersion,
            pace,
            faults,
            pollInterval,
            simulatorPort,
            pagePort,
            version,
            maxBatchRecords,
            duration,
            progressInterval,
            api,
            endpoints,
            ValidationPolicy.fromSettings(site));
    if (api != null) {
      System.out.println("checking the API: " + ApiSource.probe(api, settings.endpoints()));
    }
    return settings;
  }

  private static void putIfSet(Map<String, String> settings, String name, String value) {
    if (value != null) {
      settings.put(name, value);
    }
  }
}
