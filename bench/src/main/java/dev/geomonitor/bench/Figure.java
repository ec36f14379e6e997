package dev.geomonitor.bench;

import java.util.List;

/**
 * One stage's figure over the repeats, with the ceiling measured in the same run (empty when the
 * stage has none).
 *
 * @param stage e.g. "Spark job, backlog"
 * @param measure what was measured, e.g. "real sinks"
 * @param unit e.g. "readings/s"
 * @param samples one value per repeat
 * @param ceiling what the figure is compared with, e.g. "same job, SINK_MODE=noop"; null when none
 * @param ceilingSamples one value per repeat; empty when there is no ceiling
 * @param target the goal stated for this figure, e.g. "&gt;= 0.7 x noop"; empty when none
 */
public record Figure(
    String stage,
    String measure,
    String unit,
    List<Double> samples,
    String ceiling,
    List<Double> ceilingSamples,
    String target) {

  public Figure {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("figure '" + stage + " / " + measure + "' has no samples");
    }
    samples = List.copyOf(samples);
    ceilingSamples = ceilingSamples == null ? List.of() : List.copyOf(ceilingSamples);
    target = target == null ? "" : target;
  }

  public static Figure withoutCeiling(
      String stage, String measure, String unit, List<Double> samples, String target) {
    return new Figure(stage, measure, unit, samples, null, List.of(), target);
  }

  public double median() {
    return Stats.median(samples);
  }

  public double min() {
    return Stats.min(samples);
  }

  public double max() {
    return Stats.max(samples);
  }

  public boolean hasCeiling() {
    return !ceilingSamples.isEmpty();
  }

  public double ceilingMedian() {
    return Stats.median(ceilingSamples);
  }

  /** Median figure over median ceiling; NaN without a ceiling. */
  public double ratio() {
    return hasCeiling() ? median() / ceilingMedian() : Double.NaN;
  }
}
