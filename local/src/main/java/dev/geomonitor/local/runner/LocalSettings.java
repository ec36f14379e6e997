package dev.geomonitor.local.runner;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.ValidationPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the embedded pipeline is started with, read once from the command line.
 *
 * @param dataDir where every service keeps its data (Kafka log, PostgreSQL, OpenSearch, Spark
 *     checkpoints, logs)
 * @param fresh whether to wipe {@code dataDir} first; otherwise a second start resumes from what is
 *     there
 * @param seed the simulator's seed
 * @param instrumentsPerType how many instruments of each type the simulator serves
 * @param apiVersion the API version the simulator serves: v1 or v2
 * @param pace how fast the simulated site moves (1 = the demo pace: first Alert after about 2
 *     minutes)
 * @param faults whether the simulator injects its demo faults (5xx, malformed, duplicate, late,
 *     future items)
 * @param pollInterval time between two producer polls
 * @param simulatorPort port of the simulator (0 = any free port)
 * @param pagePort port of the live page (0 = any free port)
 * @param pipelineVersion the job version that runs and that readers see
 * @param maxBatchRecords raw records one Spark micro-batch takes at most (bounds what a batch holds
 *     in memory)
 * @param duration how long to run; null means until Ctrl-C
 * @param progressInterval time between two progress lines
 * @param apiUrl the API the producer polls instead of the simulator ({@code --api-url}); null runs
 *     the simulator
 * @param endpoints the paths the producer polls each cycle ({@code --endpoints})
 */
public record LocalSettings(
    Path dataDir,
    boolean fresh,
    long seed,
    int instrumentsPerType,
    String apiVersion,
    double pace,
    boolean faults,
    Duration pollInterval,
    int simulatorPort,
    int pagePort,
    PipelineVersion pipelineVersion,
    long maxBatchRecords,
    Duration duration,
    Duration progressInterval,
    URI apiUrl,
    List<String> endpoints,
    ValidationPolicy site) {

  /** The paths polled when none are given: every instrument in one request. */
  public static final List<String> DEFAULT_ENDPOINTS = List.of("/params/all/");

  /**
   * Settings for a run against the simulator's site (Melbourne, MGA zone 55, readings back to
   * 2000).
   */
  public LocalSettings(
      Path dataDir,
      boolean fresh,
      long seed,
      int instrumentsPerType,
      String apiVersion,
      double pace,
      boolean faults,
      Duration pollInterval,
      int simulatorPort,
      int pagePort,
      PipelineVersion pipelineVersion,
      long maxBatchRecords,
      Duration duration,
      Duration progressInterval) {
    this(
        dataDir,
        fresh,
        seed,
        instrumentsPerType,
        apiVersion,
        pace,
        faults,
        pollInterval,
        simulatorPort,
        pagePort,
        pipelineVersion,
        maxBatchRecords,
        duration,
        progressInterval,
        null,
        DEFAULT_ENDPOINTS,
        ValidationPolicy.DEFAULT);
  }

  public LocalSettings {
    if (instrumentsPerType < 1) {
      throw new IllegalArgumentException(
          "--instruments must be at least 1, got " + instrumentsPerType);
    }
    if (!"v1".equals(apiVersion) && !"v2".equals(apiVersion)) {
      throw new IllegalArgumentException("--api-version must be v1 or v2, got " + apiVersion);
    }
    if (maxBatchRecords < 1) {
      throw new IllegalArgumentException(
          "--max-batch-records must be at least 1, got " + maxBatchRecords);
    }
    if (!(pace > 0)) {
      throw new IllegalArgumentException("--pace must be positive, got " + pace);
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("--poll-interval must be positive, got " + pollInterval);
    }
    dataDir = dataDir.toAbsolutePath().normalize();
    endpoints = ApiSource.parseEndpoints(endpoints == null ? DEFAULT_ENDPOINTS : endpoints);
    site = site == null ? ValidationPolicy.DEFAULT : site;
  }

  /** Whether the producer polls the simulator this runner starts (no {@code --api-url}). */
  public boolean usesSimulator() {
    return apiUrl == null;
  }

  public Path kafkaDir() {
    return dataDir.resolve("kafka");
  }

  public Path postgresDir() {
    return dataDir.resolve("postgres");
  }

  public Path openSearchDir() {
    return dataDir.resolve("opensearch");
  }

  public Path checkpointDir(PipelineVersion version) {
    return dataDir.resolve("checkpoints").resolve(version.label());
  }
}
