package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldRulesTest {
  final ReadingDecoder decoder = new ReadingDecoder();

  static String item(String boreholeJson, String extra) {
    return "{\"borehole_number\":"
        + boreholeJson
        + ",\"instrument\":\"water_standpipe\",\"surface_level\":85.4,"
        + "\"northing\":5814941,\"easting\":323796,\"water_level\":86.25,"
        + "\"timestamp\":\"2022-04-15T22:01:29.078Z\""
        + extra
        + "}";
  }

  List<RejectCode> codes(String itemJson) {
    DecodeResult r = decoder.decode(ReadingDecoderTest.raw("v1", itemJson));
    assertThat(r.isAccepted()).as("expected a rejection for %s", itemJson).isFalse();
    return r.rejections().stream().map(Rejection::code).toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "NUL, BH\\u00001, CONTROL_CHARACTER",
    "escape, BH\\u001b[31m, CONTROL_CHARACTER",
    "DEL, BH\\u007f, CONTROL_CHARACTER",
    "C1 control, BH\\u0085X, CONTROL_CHARACTER",
    "zero-width space, BH\\u200b1, INVALID_CHARACTER",
    "byte order mark, \\ufeffBH1, INVALID_CHARACTER",
    "bidi override, BH\\u202e1, INVALID_CHARACTER",
    "unpaired surrogate, BH\\ud8001, INVALID_CHARACTER",
    "replacement character, BH\\ufffd1, INVALID_CHARACTER",
    "noncharacter, BH\\uffff, INVALID_CHARACTER",
    "line separator, BH\\u20281, INVALID_CHARACTER"
  })
  void boreholeNumberWithForbiddenCharacterIsRejectedWithItsReason(
      String what, String escaped, RejectCode code) {
    assertThat(codes(item("\"" + escaped + "\"", ""))).containsExactly(code);
  }

  @Test
  void boreholeNumberOverTheBoundIsRejectedAndAtTheBoundAccepted() {
    String atBound = "B".repeat(FieldRules.MAX_KEY_BYTES);
    assertThat(
            decoder
                .decode(ReadingDecoderTest.raw("v1", item("\"" + atBound + "\"", "")))
                .isAccepted())
        .isTrue();

    assertThat(codes(item("\"" + atBound + "X\"", ""))).containsExactly(RejectCode.FIELD_TOO_LONG);
    assertThat(codes(item("\"" + "B".repeat(1_000_000) + "\"", "")))
        .containsExactly(RejectCode.FIELD_TOO_LONG);
    // 43 three-byte characters: 129 bytes although only 43 characters
    assertThat(codes(item("\"" + "\u20ac".repeat(43) + "\"", "")))
        .containsExactly(RejectCode.FIELD_TOO_LONG);
  }

  @Test
  void boreholeNumberIsNormalisedToNfcSoTwoSpellingsAreOneInstrument() {
    Reading composed =
        decoder.decode(ReadingDecoderTest.raw("v1", item("\"BH-\u00e91\"", ""))).reading();
    Reading decomposed =
        decoder.decode(ReadingDecoderTest.raw("v1", item("\"BH-e\u03011\"", ""))).reading();

    assertThat(decomposed.boreholeNumber())
        .isEqualTo(composed.boreholeNumber())
        .isEqualTo("BH-\u00e91");
    assertThat(decomposed.readingId()).isEqualTo(composed.readingId());
  }

  @Test
  void otherTextFieldsAreBoundedAndControlFree() {
    assertThat(codes(item("\"BH1\"", ",\"axis\":\"x\\u0000\"")))
        .containsExactly(RejectCode.CONTROL_CHARACTER);
    assertThat(codes(item("\"BH1\"", ",\"axis\":\"" + "x".repeat(33) + "\"")))
        .containsExactly(RejectCode.FIELD_TOO_LONG);
    String longTimestamp =
        item("\"BH1\"", "")
            .replace("2022-04-15T22:01:29.078Z", "2022-04-15T22:01:29." + "0".repeat(80));
    assertThat(codes(longTimestamp)).containsExactly(RejectCode.FIELD_TOO_LONG);
    String longInstrument = item("\"BH1\"", "").replace("water_standpipe", "w".repeat(10_000));
    assertThat(codes(longInstrument)).contains(RejectCode.FIELD_TOO_LONG);
  }

  @Test
  void duplicatedFieldIsRejectedNotResolved() {
    String twice = item("\"BH1\"", ",\"water_level\":99.0");

    assertThat(codes(twice)).containsExactly(RejectCode.DUPLICATE_FIELD);
  }

  @Test
  void messagesQuotingHugeInputStayBounded() {
    String hugeValue = item("\"BH1\"", "").replace("86.25", "\"" + "9".repeat(500_000) + "\"");
    DecodeResult r = decoder.decode(ReadingDecoderTest.raw("v1", hugeValue));

    assertThat(r.rejections())
        .allSatisfy(x -> assertThat(x.message().length()).isLessThanOrEqualTo(1024));
  }

  @Test
  void everyIdDerivedFromAValidReadingFitsOpenSearchsIdLimit() {
    assertThat(FieldRules.maxDerivedIdBytes()).isLessThanOrEqualTo(FieldRules.MAX_ID_BYTES);
    // the worst real case: the longest name in 4-byte characters, the longest instrument and status
    String borehole = "\uD83D\uDE00".repeat(FieldRules.MAX_KEY_BYTES / 4);
    Reading r =
        decoder.decode(ReadingDecoderTest.raw("v1", item("\"" + borehole + "\"", ""))).reading();
    String alertId =
        NaturalKeys.alertId(
            "settlement_marker", r.boreholeNumber(), Instant.EPOCH, TriggerStatus.ACTION);
    assertThat(alertId.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(FieldRules.maxDerivedIdBytes());
  }
}
