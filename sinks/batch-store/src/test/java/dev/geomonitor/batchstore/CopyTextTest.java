package dev.geomonitor.batchstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CopyTextTest {

  @Test
  void separatorsAndBackslashesInTextAreEscapedAndNullIsBackslashN() {
    // Given
    StringBuilder out = new StringBuilder();

    // When
    CopyText.appendRow(out, new Object[] {"a\tb\nc\rd\\e", null, "plain"});

    // Then
    assertThat(out).hasToString("a\\tb\\nc\\rd\\\\e\t\\N\tplain\n");
  }

  @Test
  void numbersBooleansAndInstantsUseFormsPostgresReadsExactly() {
    // Given
    StringBuilder out = new StringBuilder();

    // When
    CopyText.appendRow(
        out,
        new Object[] {
          86.25, 1.0E-5, 42L, 7, true, false, Instant.parse("2022-04-15T22:01:29.078Z")
        });

    // Then
    assertThat(out).hasToString("86.25\t1.0E-5\t42\t7\tt\tf\t2022-04-15T22:01:29.078Z\n");
  }

  @Test
  void textArraysQuoteEveryElementSoCommasBracesAndTheWordNullStayData() {
    // When
    String literal =
        CopyText.arrayLiteral(new String[] {"A,B", "{x}", "NULL", "q\"uote", "back\\slash", null});

    // Then
    assertThat(literal)
        .isEqualTo("{\"A,B\",\"{x}\",\"NULL\",\"q\\\"uote\",\"back\\\\slash\",NULL}");
  }

  @Test
  void anArrayIsEscapedAgainForTheCopyStream() {
    // Given
    StringBuilder out = new StringBuilder();

    // When
    CopyText.appendValue(out, new String[] {"a\\b"});

    // Then: the array literal {"a\\b"} with each backslash doubled once more for COPY
    assertThat(out).hasToString("{\"a\\\\\\\\b\"}");
  }

  @Test
  void aValueOfAnUnknownTypeIsRefusedNamingTheType() {
    assertThatThrownBy(() -> CopyText.appendValue(new StringBuilder(), new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
  }
}
