package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.embedded.testing.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Keeps the benchmark working: a small run must deliver every reading and produce both figures. */
@ExtendWith(TestServices.class)
class PublisherBenchmarkIT {

  @Test
  void smallRunDeliversEveryReadingAndReportsBothFigures(KafkaBroker broker) throws Exception {
    PublisherBenchmark.Result result = PublisherBenchmark.run(broker, 2_000);

    assertThat(result.readings()).isEqualTo(2_000);
    assertThat(result.valueBytes()).isBetween(150, 600);
    assertThat(result.readingsPerSecond()).isPositive();
    assertThat(result.ceiling().records()).isEqualTo(2_000);
    System.out.println(result.describe());
  }
}
