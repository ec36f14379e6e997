package dev.geomonitor.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one bench run reports.
 *
 * @param startedAt when the run began
 * @param machine cores, JDK, load
 * @param versions component versions measured (Spark, Kafka, PostgreSQL, OpenSearch)
 * @param settings the options the run used (readings, repeat, rate ...)
 * @param figures every stage's figure with its ceiling
 * @param peakRssBytes peak RSS per process, by process name
 */
public record BenchReport(
    Instant startedAt,
    Machine machine,
    Map<String, String> versions,
    Map<String, String> settings,
    List<Figure> figures,
    Map<String, Long> peakRssBytes) {

  public BenchReport {
    versions = Map.copyOf(versions);
    settings = Map.copyOf(settings);
    figures = List.copyOf(figures);
    peakRssBytes = Map.copyOf(peakRssBytes);
  }
}
