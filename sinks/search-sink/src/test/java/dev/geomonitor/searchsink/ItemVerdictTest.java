package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ItemVerdictTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "200, null, INDEXED",
        "201, null, INDEXED",
        "429, es_rejected_execution_exception, RETRY",
        "429, null, RETRY",
        "500, null, RETRY",
        "503, unavailable_shards_exception, RETRY",
        "400, mapper_parsing_exception, DEAD_LETTER",
        "400, illegal_argument_exception, DEAD_LETTER",
        "409, version_conflict_engine_exception, INDEXED",
        "403, cluster_block_exception, RETRY",
        "404, index_not_found_exception, RETRY",
        "400, index_closed_exception, RETRY"
      })
  void itemStatusAndErrorTypeDecideRetryOrDeadLetter(
      int status, String errorType, ItemVerdict expected) {
    // Given an item answer; When it is classified; Then overload and cluster conditions retry,
    // document faults go to DLQ
    assertThat(ItemVerdict.classify(status, errorType)).isEqualTo(expected);
  }
}
