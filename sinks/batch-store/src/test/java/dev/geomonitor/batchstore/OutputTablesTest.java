package dev.geomonitor.batchstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.PipelineVersion;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTablesTest {
  private static final PipelineVersion V1 = new PipelineVersion(1);
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00.123456789Z");

  @Test
  void theLastRecordOfAKeyWinsAndKeysKeepTheirFirstPosition() {
    // When
    List<Object[]> rows =
        OutputTables.READINGS.rowsOf(
            List.of(
                Records.reading(V1, "BH-1", T0, 85.0),
                Records.reading(V1, "BH-2", T0, 90.0),
                Records.reading(V1, "BH-1", T0, 84.0)));

    // Then
    assertThat(rows).extracting(r -> r[1] + "=" + r[6]).containsExactly("BH-1=84.0", "BH-2=90.0");
  }

  @Test
  void timestampsAreCutToMicrosecondsLikePostgresKeepsThem() {
    // When
    Object[] row =
        OutputTables.READINGS.rowsOf(List.of(Records.reading(V1, "BH-1", T0, 85.0))).get(0);

    // Then
    assertThat(row[2]).isEqualTo(Instant.parse("2024-03-01T10:00:00.123456Z"));
  }

  @Test
  void aRejectionKeepsItsCodesAndReplacesNulCharactersPostgresCannotStore() {
    // Given
    DeadLetter d = Records.rejection("monitoring.raw", 2, 99, "bad\0value");

    // When
    Object[] row = OutputTables.REJECTIONS.rowsOf(List.of(d)).get(0);

    // Then
    assertThat((String[]) row[4]).containsExactly("VALUE_OUT_OF_RANGE", "FUTURE_TIMESTAMP");
    assertThat((String) row[5]).startsWith("[{\"code\":\"VALUE_OUT_OF_RANGE\"");
    assertThat(row[8]).isEqualTo("bad\uFFFDvalue");
  }

  @Test
  void aRejectionWithoutKafkaCoordinatesIsRefusedWithTheReason() {
    // Given
    DeadLetter fromHttp = DeadLetter.fromHttp(List.of(), "http://api/params/all/", "<html>", T0);

    // When / Then
    assertThatThrownBy(() -> OutputTables.REJECTIONS.rowsOf(List.of(fromHttp)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage producer")
        .hasMessageContaining("only rejections of records read from Kafka");
  }
}
