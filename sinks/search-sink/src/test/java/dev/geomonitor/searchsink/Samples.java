package dev.geomonitor.searchsink;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.domain.WindowAggregate;
import java.time.Instant;

/** Records of the three output formats, as the Spark job writes them. */
final class Samples {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  private Samples() {}

  static EnrichedReading reading(
      String borehole, Instant ts, double value, double lat, double lon, TriggerStatus status) {
    return new EnrichedReading(
        NaturalKeys.readingId("water_standpipe", borehole, ts),
        "v1",
        "water_standpipe",
        borehole,
        null,
        ts,
        value,
        "m AHD",
        "water_level",
        85.4,
        5_814_941,
        323_796,
        lat,
        lon,
        85.4 - value,
        80.0,
        value - 80.0,
        null,
        status,
        "v1",
        ts.plusSeconds(2));
  }

  static EnrichedReading reading(String borehole, Instant ts, double value) {
    return reading(borehole, ts, value, -37.81, 144.96, TriggerStatus.NORMAL);
  }

  static WindowAggregate aggregate(String borehole, Instant windowStart) {
    return new WindowAggregate(
        NaturalKeys.aggregateId("water_standpipe", borehole, "PT1M", windowStart),
        "v1",
        "water_standpipe",
        borehole,
        windowStart,
        windowStart.plusSeconds(60),
        "PT1M",
        3,
        80.1,
        80.4,
        80.2,
        80.1,
        80.4,
        18.0,
        "m AHD",
        -37.81,
        144.96,
        3);
  }

  static StatusAlert alert(String borehole, Instant ts) {
    return new StatusAlert(
        NaturalKeys.alertId("water_standpipe", borehole, ts, TriggerStatus.ALERT),
        "v1",
        "water_standpipe",
        borehole,
        ts,
        TriggerStatus.NORMAL,
        TriggerStatus.ALERT,
        81.2,
        80.0,
        1.2,
        1.0,
        "m AHD",
        -37.81,
        144.96,
        NaturalKeys.readingId("water_standpipe", borehole, ts));
  }

  static byte[] json(Object record) {
    try {
      return Json.MAPPER.writeValueAsBytes(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
