package dev.geomonitor.batchstore;

import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Rejection;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.domain.WindowAggregate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Domain records for tests, with realistic values and ids built the way the Spark job builds them.
 */
final class Records {
  static final String STANDPIPE = "water_standpipe";

  private Records() {}

  static EnrichedReading reading(
      PipelineVersion v, String borehole, Instant ts, double value, TriggerStatus status) {
    return new EnrichedReading(
        NaturalKeys.readingId(STANDPIPE, borehole, ts),
        v.label(),
        STANDPIPE,
        borehole,
        null,
        ts,
        value,
        "m AHD",
        "water_level",
        85.4,
        5_814_941,
        323_796,
        -37.79,
        144.97,
        85.4 - value,
        86.0,
        value - 86.0,
        null,
        status,
        "v1",
        ts.plusSeconds(2));
  }

  static EnrichedReading reading(PipelineVersion v, String borehole, Instant ts, double value) {
    return reading(v, borehole, ts, value, TriggerStatus.NORMAL);
  }

  static WindowAggregate aggregate(
      PipelineVersion v, String borehole, Instant start, double min, double max) {
    return new WindowAggregate(
        NaturalKeys.aggregateId(STANDPIPE, borehole, "PT1M", start),
        v.label(),
        STANDPIPE,
        borehole,
        start,
        start.plus(Duration.ofMinutes(1)),
        "PT1M",
        3,
        min,
        max,
        (min + max) / 2,
        min,
        max,
        60 * (max - min),
        "m AHD",
        -37.79,
        144.97,
        3);
  }

  static StatusAlert alert(
      PipelineVersion v,
      String borehole,
      Instant ts,
      TriggerStatus previous,
      TriggerStatus status,
      double value) {
    return new StatusAlert(
        NaturalKeys.alertId(STANDPIPE, borehole, ts, status),
        v.label(),
        STANDPIPE,
        borehole,
        ts,
        previous,
        status,
        value,
        86.0,
        value - 86.0,
        levelOf(status),
        "m AHD",
        -37.79,
        144.97,
        NaturalKeys.readingId(STANDPIPE, borehole, ts));
  }

  static DeadLetter rejection(String topic, int partition, long offset, String value) {
    return new DeadLetter(
        DeadLetter.STAGE_SPARK,
        List.of(
            Rejection.of(
                RejectCode.VALUE_OUT_OF_RANGE, "water_level", "9999.0 is above 500.0 m AHD"),
            Rejection.of(
                RejectCode.FUTURE_TIMESTAMP, "timestamp", "2099-01-01T00:00:00Z is in the future")),
        topic,
        partition,
        offset,
        null,
        STANDPIPE + ":BH-1",
        value,
        null,
        false,
        Instant.parse("2024-03-01T10:00:05Z"));
  }

  private static double levelOf(TriggerStatus status) {
    return switch (status) {
      case NORMAL -> 0.0;
      case ALERT -> 1.0;
      case ALARM -> 2.0;
      case ACTION -> 3.0;
    };
  }
}
