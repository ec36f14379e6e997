package dev.geomonitor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProducerPerformanceTest {

  @Test
  void summaryIsTheLastLineWithPercentiles() {
    // Given the tool's periodic progress line followed by its final summary
    String output =
        "52711 records sent, 10542.2 records/sec (1.01 MB/sec), 650.3 ms avg latency, 1043.0 ms max latency.\n"
            + "100000 records sent, 48123.195380 records/sec (4.59 MB/sec), 310.52 ms avg latency,"
            + " 1043.00 ms max latency, 287 ms 50th, 812 ms 95th, 990 ms 99th, 1040 ms 99.9th.\n";

    // When
    Optional<ProducerPerformance.Result> result = ProducerPerformance.parseSummary(output);

    // Then
    assertThat(result)
        .contains(
            new ProducerPerformance.Result(
                100000, 48123.195380, 4.59, 310.52, 1043.0, 287, 812, 990, 1040));
  }

  @Test
  void outputWithoutSummaryYieldsNothing() {
    assertThat(ProducerPerformance.parseSummary("Exception in thread \"main\" TimeoutException"))
        .isEmpty();
  }

  @Test
  void runRejectsNonPositiveSizes() {
    assertThatThrownBy(() -> ProducerPerformance.Run.of("t", 0, 100, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numRecords");
  }
}
