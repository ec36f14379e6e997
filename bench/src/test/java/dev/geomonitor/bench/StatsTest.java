package dev.geomonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
    assertThat(Stats.median(List.of(30.0, 10.0, 20.0))).isEqualTo(20.0);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void spreadIsTheSmallestAndLargestValue() {
    List<Double> values = List.of(5.0, -1.0, 9.5, 3.0);
    assertThat(Stats.min(values)).isEqualTo(-1.0);
    assertThat(Stats.max(values)).isEqualTo(9.5);
  }

  @Test
  void nearestRankPercentilesOfOneToHundredAreTheRankItself() {
    // Given 1..100 shuffled
    List<Double> values = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      values.add((double) i);
    }
    // Then
    assertThat(Stats.percentile(values, 50)).isEqualTo(50.0);
    assertThat(Stats.percentile(values, 95)).isEqualTo(95.0);
    assertThat(Stats.percentile(values, 99)).isEqualTo(99.0);
    assertThat(Stats.percentile(values, 100)).isEqualTo(100.0);
  }

  @Test
  void percentileOfFewValuesIsAnObservedValue() {
    assertThat(Stats.percentile(List.of(0.2, 0.9, 0.4), 95)).isEqualTo(0.9);
    assertThat(Stats.percentile(List.of(0.2, 0.9, 0.4), 50)).isEqualTo(0.4);
  }

  @Test
  void statisticsOfNoValuesAreRefused() {
    assertThatThrownBy(() -> Stats.median(List.of())).hasMessageContaining("at least one value");
    assertThatThrownBy(() -> Stats.percentile(List.of(1.0), 0)).hasMessageContaining("(0, 100]");
  }

  @Test
  void figureRatioIsMedianOverCeilingMedian() {
    Figure f =
        new Figure("s", "m", "u", List.of(70.0, 80.0, 90.0), "c", List.of(100.0, 160.0, 200.0), "");
    assertThat(f.ratio()).isEqualTo(0.5);
    assertThat(Figure.withoutCeiling("s", "m", "u", List.of(1.0), "").ratio()).isNaN();
  }
}
