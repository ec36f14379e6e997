package dev.geomonitor.local.page;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The pipeline's health at one moment, as the health panel shows it.
 *
 * @param pipelineVersion the version readers currently see, e.g. {@code v1}
 * @param readingsPerSecond clean readings the job committed per second over the last {@code
 *     rateWindowSeconds}
 * @param rateWindowSeconds the interval {@code readingsPerSecond} is measured over
 * @param consumerLag records the slowest consumer (Spark job or sink) still has to read; null when
 *     unknown
 * @param dlqCount records in the dead-letter topic
 * @param source what the producer polls, e.g. {@code simulator http://127.0.0.1:8081 /params/all/
 *     (v1)}
 * @param stages running totals per stage, in pipeline order (polled, raw, readings, ...)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HealthSnapshot(
    Instant observedAt,
    String pipelineVersion,
    double readingsPerSecond,
    int rateWindowSeconds,
    Long consumerLag,
    long dlqCount,
    String source,
    List<StageCount> stages) {

  public HealthSnapshot {
    Objects.requireNonNull(observedAt, "observedAt");
    stages = List.copyOf(stages);
  }

  /** A running total of one stage. */
  public record StageCount(String stage, long count) {}
}
