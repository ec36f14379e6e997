package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevelHistory;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.domain.ValidationPolicy;
import dev.geomonitor.domain.WindowAggregate;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ReadingEnrichmentTest {
  private final SparkSession spark = TestSpark.session();

  @Test
  void duplicatesAreDroppedAndReadingsEnrichedWithStatusAndAlerts() throws Exception {
    // Given a standpipe series with one reading delivered twice, crossing the alert level (1 m) at
    // 10:02
    var rows =
        RawRecords.kafkaRows(
            spark,
            "raw",
            List.of(
                RawRecords.v1(RawRecords.v1Standpipe("BH-7", "2024-05-01T10:00:00Z", 80.0)),
                RawRecords.v1(RawRecords.v1Standpipe("BH-7", "2024-05-01T10:01:00Z", 80.6)),
                RawRecords.v1(RawRecords.v1Standpipe("BH-7", "2024-05-01T10:01:00Z", 80.6)),
                RawRecords.v1(RawRecords.v1Standpipe("BH-7", "2024-05-01T10:02:00Z", 81.3))));
    var levels = new LevelsInForce(TriggerLevelHistory.of(TriggerLevelCatalog.defaults()));

    // When decoded, deduplicated and enriched
    var decoded = RawDecoding.decode(rows, ValidationPolicy.DEFAULT);
    BatchOutputs out =
        BatchOutputs.sort(
            ReadingEnrichment.enrich(
                    decoded, levels, "v1", Duration.ofMinutes(21), List.of(Duration.ofMinutes(15)))
                .collectAsList());

    // Then three readings remain, with depth below the 85.4 m surface, and one NORMAL→ALERT alert;
    // the tally accounts
    // for the repeat
    assertThat(out.readings()).hasSize(3);
    assertThat(out.rowsIn()).isEqualTo(4);
    assertThat(out.duplicates()).isEqualTo(1);
    assertThat(out.aggregates())
        .singleElement()
        .satisfies(
            a -> {
              WindowAggregate window = read(a.getJson(), WindowAggregate.class);
              assertThat(window.windowSize()).isEqualTo("PT15M");
              assertThat(window.count()).isEqualTo(3);
              assertThat(window.mean()).isCloseTo((80.0 + 80.6 + 81.3) / 3, within(1e-9));
            });
    List<EnrichedReading> readings =
        out.readings().stream().map(r -> read(r.getJson(), EnrichedReading.class)).toList();
    assertThat(readings)
        .extracting(EnrichedReading::value)
        .containsExactlyInAnyOrder(80.0, 80.6, 81.3);
    EnrichedReading last =
        readings.stream().filter(r -> r.value() == 81.3).findFirst().orElseThrow();
    assertThat(last.depthBelowSurface()).isCloseTo(4.1, within(1e-9));
    assertThat(last.changeSincePrevious()).isCloseTo(0.7, within(1e-9));
    assertThat(last.triggerStatus()).isEqualTo(TriggerStatus.ALERT);
    assertThat(last.pipelineVersion()).isEqualTo("v1");
    assertThat(last.lat()).isCloseTo(-37.80, within(0.05));
    assertThat(out.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getKey()).isEqualTo("water_standpipe:BH-7");
              StatusAlert alert = read(a.getJson(), StatusAlert.class);
              assertThat(alert.previousStatus()).isEqualTo(TriggerStatus.NORMAL);
              assertThat(alert.status()).isEqualTo(TriggerStatus.ALERT);
              assertThat(alert.readingId())
                  .isEqualTo("water_standpipe:BH-7:2024-05-01T10:02:00.000Z");
            });
  }

  static <T> T read(String json, Class<T> type) {
    try {
      return Json.MAPPER.readValue(json, type);
    } catch (Exception e) {
      throw new AssertionError("not a " + type.getSimpleName() + ": " + json, e);
    }
  }
}
