package dev.geomonitor.batchstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.domain.EnrichedReading;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BatchStoreConfig, BatchCounts, BatchContent and BatchStoreException: the types callers build or
 * catch.
 */
class ApiRecordsTest {

  @Test
  void aConfigWithoutAPostgresUrlIsRefusedWithAnExample() {
    assertThatThrownBy(() -> new BatchStoreConfig("jdbc:mysql://db/x", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql:")
        .hasMessageContaining("jdbc:mysql://db/x");
  }

  @Test
  void aConfigNeedsAUser() {
    assertThatThrownBy(() -> new BatchStoreConfig("jdbc:postgresql://db/x", " ", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user");
  }

  @Test
  void aConfigFillsDefaultsAndNeverPrintsThePassword() {
    // When
    BatchStoreConfig config =
        new BatchStoreConfig("jdbc:postgresql://db:5432/geo", "geo", "s3cret");

    // Then
    assertThat(config.applicationName()).isEqualTo("geomonitor-batch-store");
    assertThat(config.socketTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.withApplicationName("geomonitor-spark-job").applicationName())
        .isEqualTo("geomonitor-spark-job");
    assertThat(config.toString())
        .contains("jdbc:postgresql://db:5432/geo")
        .doesNotContain("s3cret");
  }

  @Test
  void countsAcceptUnknownButNoOtherNegativeValue() {
    assertThat(BatchCounts.unknown().rowsIn()).isEqualTo(BatchCounts.UNKNOWN);
    assertThatThrownBy(() -> new BatchCounts(10, 8, -2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rejected")
        .hasMessageContaining("-2");
  }

  @Test
  void contentTreatsNullListsAsEmptyAndRefusesNullRecordsNamingTheIndex() {
    // When
    BatchContent empty = new BatchContent(null, null, null, null, null);

    // Then
    assertThat(empty.rowCount()).isZero();
    assertThat(empty.counts()).isEqualTo(BatchCounts.unknown());
    List<EnrichedReading> withNull = Arrays.asList((EnrichedReading) null);
    assertThatThrownBy(() -> BatchContent.ofReadings(withNull, List.of(), List.of(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BatchContent.readings holds null at index 0");
  }

  @Test
  void connectionLossDeadlocksAndShutdownsAreTransientConstraintViolationsAreNot() {
    assertThat(new BatchStoreException("x", new SQLException("lost", "08006")).isTransient())
        .isTrue();
    assertThat(new BatchStoreException("x", new SQLException("deadlock", "40P01")).isTransient())
        .isTrue();
    assertThat(new BatchStoreException("x", new SQLException("shutdown", "57P01")).isTransient())
        .isTrue();
    assertThat(new BatchStoreException("x", new SQLException("check", "23514")).isTransient())
        .isFalse();
    assertThat(new BatchStoreException("x", new IllegalStateException()).isTransient()).isFalse();
    assertThat(
            new BatchStoreException(
                    "x", new RuntimeException("flyway", new SQLException("gone", "08001")))
                .isTransient())
        .isTrue();
  }
}
