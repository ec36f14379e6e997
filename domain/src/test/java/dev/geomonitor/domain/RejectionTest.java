package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RejectionTest {

  @Test
  void aMessageQuotingHalfASurrogatePairIsMadeWellFormed() {
    // the fuzzer's finding: Jackson's "Unexpected character ('\udaf4' ...)" quotes the high half of
    // a pair only
    Rejection r =
        Rejection.of(
            RejectCode.MALFORMED_JSON, null, "Unexpected character ('\udaf4' (code 56052))");

    assertThat(r.message()).isEqualTo("Unexpected character ('\uFFFD' (code 56052))");
  }

  @Test
  void pairedSurrogatesAndPlainTextAreKeptAsTheyAre() {
    assertThat(Rejection.wellFormed("a\uD83D\uDE00b")).isEqualTo("a\uD83D\uDE00b");
    assertThat(Rejection.wellFormed("\uDE00\uD83D")).isEqualTo("\uFFFD\uFFFD");
    assertThat(
            Rejection.of(
                    RejectCode.MALFORMED_JSON, null, "x".repeat(1020) + "\uD83D\uDE00\uD83D\uDE00")
                .message())
        .hasSizeLessThanOrEqualTo(Rejection.MAX_MESSAGE_CHARS)
        .doesNotContain("\uD83D...");
  }
}
