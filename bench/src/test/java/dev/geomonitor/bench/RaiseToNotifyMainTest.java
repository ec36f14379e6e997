package dev.geomonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.geomonitor.bench.RaiseToNotifyStage.Crossing;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaiseToNotifyMainTest {
  @Test
  void aCrossingMissingOneChannelRefusesTheFigure() {
    // Given
    List<Crossing> crossings =
        List.of(
            new Crossing("BH-X0000", 900.0, 1400.0, 1800.0, 1600.0),
            new Crossing("BH-X0001", 900.0, 1400.0, 1800.0, null));
    // When / Then
    assertThatThrownBy(
            () -> RaiseToNotifyMain.requireAllNotified(crossings, Duration.ofSeconds(60)))
        .isInstanceOf(DataLossException.class)
        .hasMessageContaining("1 of 2")
        .hasMessageContaining("BH-X0001");
  }

  @Test
  void legsAreTheDifferencesBetweenTheStampsInSeconds() {
    // Given
    List<Crossing> crossings = List.of(new Crossing("BH-X0000", 900.0, 1400.0, 1800.0, 1600.0));
    // When
    List<Figure> figures = RaiseToNotifyMain.figures(crossings);
    // Then
    assertThat(value(figures, "p95 raw acked by Kafka → e-mail")).isCloseTo(1.8, within(1e-9));
    assertThat(value(figures, "p50 alert row → applied")).isCloseTo(0.5, within(1e-9));
    assertThat(value(figures, "p50 applied → webhook")).isCloseTo(0.2, within(1e-9));
    assertThat(figures)
        .filteredOn(f -> f.measure().startsWith("p95 raw acked by Kafka"))
        .hasSize(2)
        .allMatch(f -> f.target().equals(RaiseToNotifyMain.TARGET));
  }

  private static double value(List<Figure> figures, String prefix) {
    return figures.stream()
        .filter(f -> f.measure().startsWith(prefix))
        .findFirst()
        .orElseThrow()
        .median();
  }
}
