package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.domain.WindowAggregate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class WindowAggregationTest {
  private final SparkSession spark = TestSpark.session();

  static byte[] reading(String version, String ts, double value) throws JsonProcessingException {
    Instant t = Instant.parse(ts);
    EnrichedReading r =
        new EnrichedReading(
            NaturalKeys.readingId("piezometer", "PZ-1", t), version, "piezometer", "PZ-1", null, t, value, "kPa",
            "pore_water_pressure", null, 5812000, 320000, -37.8, 145.0, null, 10.0, value - 10.0, null,
            TriggerStatus.NORMAL, "v2", t);
    return Json.MAPPER.writeValueAsBytes(r);
  }

  @Test
  void oneMinuteWindowsHaveExactStatistics() throws Exception {
    // Given a hand-made series: 10, 12, 11 kPa in the 10:00 minute (one delivered twice), 20 kPa at 10:01:30,
    // and a record of another pipeline version that must be ignored
    var rows =
        RawRecords.kafkaRows(
            spark,
            "readings",
            List.of(
                reading("v1", "2024-05-01T10:00:00Z", 10.0),
                reading("v1", "2024-05-01T10:00:20Z", 12.0),
                reading("v1", "2024-05-01T10:00:20Z", 12.0),
                reading("v1", "2024-05-01T10:00:40Z", 11.0),
                reading("v1", "2024-05-01T10:01:30Z", 20.0),
                reading("v2", "2024-05-01T10:00:50Z", 99.0)));

    // When aggregated over one-minute windows
    var readings = WindowAggregation.deduplicate(WindowAggregation.readings(rows, "v1"), Duration.ofMinutes(21));
    List<WindowAggregate> out =
        WindowAggregation.aggregate(readings, Duration.ofMinutes(1), "v1").collectAsList().stream()
            .map(r -> ReadingEnrichmentTest.read(r.getJson(), WindowAggregate.class))
            .sorted(Comparator.comparing(WindowAggregate::windowStart))
            .toList();

    // Then the statistics are exact
    assertThat(out).hasSize(2);
    WindowAggregate first = out.get(0);
    assertThat(first.aggregateId()).isEqualTo("piezometer:PZ-1:PT1M:2024-05-01T10:00:00.000Z");
    assertThat(first.windowStart()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(first.windowEnd()).isEqualTo(Instant.parse("2024-05-01T10:01:00Z"));
    assertThat(first.windowSize()).isEqualTo("PT1M");
    assertThat(first.count()).isEqualTo(3);
    assertThat(first.min()).isEqualTo(10.0);
    assertThat(first.max()).isEqualTo(12.0);
    assertThat(first.mean()).isCloseTo(11.0, within(1e-12));
    assertThat(first.first()).isEqualTo(10.0);
    assertThat(first.last()).isEqualTo(11.0);
    assertThat(first.ratePerHour()).isCloseTo(90.0, within(1e-9)); // +1 kPa in 40 s
    assertThat(first.unit()).isEqualTo("kPa");
    assertThat(first.lat()).isEqualTo(-37.8);
    WindowAggregate second = out.get(1);
    assertThat(second.count()).isEqualTo(1);
    assertThat(second.first()).isEqualTo(20.0);
    assertThat(second.ratePerHour()).isNull();
  }

  @Test
  void fifteenMinuteWindowsGroupTheWholeQuarterHour() throws Exception {
    // Given readings at 10:01 and 10:14 (same quarter hour) and 10:16 (the next)
    var rows =
        RawRecords.kafkaRows(
            spark,
            "readings",
            List.of(
                reading("v1", "2024-05-01T10:01:00Z", 5.0),
                reading("v1", "2024-05-01T10:14:00Z", 18.0),
                reading("v1", "2024-05-01T10:16:00Z", 7.0)));

    // When aggregated over 15-minute windows
    List<WindowAggregate> out =
        WindowAggregation.aggregate(WindowAggregation.readings(rows, "v1"), Duration.ofMinutes(15), "v1")
            .collectAsList().stream()
            .map(r -> ReadingEnrichmentTest.read(r.getJson(), WindowAggregate.class))
            .sorted(Comparator.comparing(WindowAggregate::windowStart))
            .toList();

    // Then 10:00-10:15 holds two readings rising 13 kPa in 13 minutes = 60 kPa/h
    assertThat(out).extracting(WindowAggregate::count).containsExactly(2L, 1L);
    assertThat(out.get(0).windowSize()).isEqualTo("PT15M");
    assertThat(out.get(0).mean()).isEqualTo(11.5);
    assertThat(out.get(0).ratePerHour()).isCloseTo(60.0, within(1e-9));
  }
}
