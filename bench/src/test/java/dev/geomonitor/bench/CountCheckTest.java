package dev.geomonitor.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CountCheckTest {
  @Test
  void matchingCountsPass() {
    assertThatCode(() -> CountCheck.require("run 1", "raw records", 2000, 2000))
        .doesNotThrowAnyException();
  }

  @Test
  void aRunThatLostRecordsIsRefusedWithBothCounts() {
    assertThatThrownBy(
            () -> CountCheck.require("Spark real run 2", "PostgreSQL readings rows", 2000, 1990))
        .isInstanceOf(DataLossException.class)
        .hasMessageContaining("Spark real run 2")
        .hasMessageContaining("1990, expected 2000")
        .hasMessageContaining("lost 10")
        .hasMessageContaining("not reported");
  }

  @Test
  void aRunThatDuplicatedRecordsIsRefused() {
    assertThatThrownBy(() -> CountCheck.require("producer run 1", "records in t", 2000, 2003))
        .isInstanceOf(DataLossException.class)
        .hasMessageContaining("duplicated 3");
  }
}
