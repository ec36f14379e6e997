package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.platform.settings.SettingValues;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultPointTest {

  @Test
  void noFaultPointUnlessTheSettingIsPresent() {
    assertThat(FaultPoint.from(SettingValues.of(Map.of()))).isEmpty();
  }

  @Test
  void aPointNamesItsStageAndBatch() {
    FaultPoint point =
        FaultPoint.from(
                SettingValues.of(
                    Map.of("FAULT_HALT_AT", "kafka-acked:5", "FAULT_MARKER", "/tmp/m")))
            .orElseThrow();
    assertThat(point.stage()).isEqualTo(FaultPoint.Stage.KAFKA_ACKED);
    assertThat(point.batchId()).isEqualTo(5);
    assertThat(point.marker()).isEqualTo("/tmp/m");
  }

  @Test
  void aMalformedPointOrAMissingMarkerIsRefused() {
    assertThatThrownBy(() -> FaultPoint.parse("after-write:1", "/tmp/m"))
        .hasMessageContaining("before-write, kafka-acked, after-commit");
    assertThatThrownBy(() -> FaultPoint.parse("after-commit:x", "/tmp/m"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> FaultPoint.from(SettingValues.of(Map.of("FAULT_HALT_AT", "after-commit:1"))))
        .hasMessageContaining("FAULT_MARKER");
  }

  @Test
  void otherStagesAndBatchesPassThrough() {
    FaultPoint point = FaultPoint.parse("after-commit:2", "/nonexistent/dir/marker");
    point.reached(FaultPoint.Stage.AFTER_COMMIT, 1);
    point.reached(FaultPoint.Stage.BEFORE_WRITE, 2);
    point.writing("q", 2);
  }
}
