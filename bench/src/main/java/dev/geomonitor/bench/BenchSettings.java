package dev.geomonitor.bench;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Every option of a bench run, read once from the command line by {@link BenchMain}. */
public record BenchSettings(
    int readings,
    int repeat,
    int instruments,
    long seed,
    int rate,
    int freshnessSeconds,
    Set<Stage> stages,
    Path out,
    Path workDir) {

  /**
   * The stages the harness measures; memory is read from every process once the others are done.
   */
  public enum Stage {
    PRODUCER,
    SPARK,
    POSTGRES,
    OPENSEARCH,
    FRESHNESS,
    MEMORY
  }

  public BenchSettings {
    if (readings < 1 || repeat < 1) {
      throw new IllegalArgumentException(
          "--readings and --repeat must be positive, got " + readings + " and " + repeat);
    }
    if (rate < FreshnessStage.PROBES_PER_SECOND || freshnessSeconds < 1) {
      throw new IllegalArgumentException(
          "--rate must be at least "
              + FreshnessStage.PROBES_PER_SECOND
              + " readings/s and --freshness-seconds at least 1, got "
              + rate
              + " and "
              + freshnessSeconds);
    }
    if (stages.isEmpty()) {
      throw new IllegalArgumentException(
          "--stages is empty: name at least one of " + EnumSet.allOf(Stage.class));
    }
    stages = Set.copyOf(stages);
  }

  /** The settings as the report shows them. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("readings", Integer.toString(readings));
    m.put("repeat", Integer.toString(repeat));
    m.put("instruments", Integer.toString(instruments));
    m.put("seed", Long.toString(seed));
    m.put("rate", rate + " readings/s");
    m.put("freshness_seconds", Integer.toString(freshnessSeconds));
    m.put("stages", EnumSet.copyOf(stages).toString());
    return m;
  }
}
