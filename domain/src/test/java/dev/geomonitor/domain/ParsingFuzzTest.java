package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Coverage-guided fuzzing of the parsing code. In {@code ./mvnw verify} each test replays its
 * corpus ({@code src/test/resources/dev/geomonitor/domain/ParsingFuzzTestInputs/<method>/}); with
 * {@code JAZZER_FUZZ=1} it fuzzes (see the module README). Properties: only the documented
 * rejection is ever thrown, and whatever is accepted keeps the field rules every sink relies on.
 */
class ParsingFuzzTest {
  private static final ReadingDecoder DECODER = new ReadingDecoder();

  /**
   * Any body: a response (good items re-parse on their own) or a MalformedResponseException,
   * nothing else.
   */
  @FuzzTest(maxDuration = "30s")
  void apiResponseParserThrowsOnlyItsRejection(FuzzedDataProvider data) throws Exception {
    String body = data.consumeRemainingAsString();
    ApiResponse response;
    try {
      response = ApiResponseParser.parse(body);
    } catch (MalformedResponseException e) {
      assertThat(e.code()).isNotNull();
      return;
    }
    for (ApiItem item : response.items()) {
      assertThat(Json.MAPPER.readTree(item.json())).isEqualTo(item.node());
    }
    for (ApiResponse.RejectedItem bad : response.rejectedItems()) {
      assertThat(bad.reason().message()).hasSizeLessThanOrEqualTo(Rejection.MAX_MESSAGE_CHARS);
    }
  }

  /** Any bytes as a raw record: never throws; an accepted reading keeps every field rule. */
  @FuzzTest(maxDuration = "30s")
  void decoderAcceptsOnlyWritableReadings(FuzzedDataProvider data) {
    DecodeResult result =
        data.consumeBoolean()
            ? DECODER.decode(data.consumeRemainingAsBytes())
            : DECODER.decode(rawAround(data));
    if (!result.isAccepted()) {
      assertThat(result.rejections())
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.code()).isNotNull());
      return;
    }
    assertWritable(result.reading());
  }

  /**
   * A well-formed raw record whose text fields come from the fuzzer: reaches the field rules far
   * more often.
   */
  static String rawAround(FuzzedDataProvider data) {
    String borehole = data.consumeString(300);
    String axis = data.consumeString(40);
    String value =
        data.consumeBoolean() ? String.valueOf(data.consumeDouble()) : data.consumeString(30);
    String item =
        "{\"borehole_number\":"
            + quote(borehole)
            + ",\"instrument\":\"water_standpipe\","
            + "\"northing\":5814941,\"easting\":323796,\"water_level\":"
            + value
            + ",\"axis\":"
            + quote(axis)
            + ",\"timestamp\":\"2022-04-15T22:01:29.078Z\"}";
    return ReadingDecoderTest.raw("v1", item);
  }

  private static String quote(String s) {
    try {
      return Json.MAPPER.writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static void assertWritable(Reading r) {
    String b = r.boreholeNumber();
    assertThat(b).isNotBlank();
    assertThat(b.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(FieldRules.MAX_KEY_BYTES);
    assertThat(Normalizer.isNormalized(b, Normalizer.Form.NFC)).isTrue();
    assertThat(b.codePoints())
        .noneMatch(
            cp ->
                Character.getType(cp) == Character.CONTROL
                    || Character.getType(cp) == Character.SURROGATE);
    if (r.axis() != null) {
      assertThat(r.axis().codePoints())
          .noneMatch(
              cp ->
                  Character.getType(cp) == Character.CONTROL
                      || Character.getType(cp) == Character.SURROGATE);
    }
    assertThat(Double.isFinite(r.value())).isTrue();
    assertThat(r.readingId().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(FieldRules.MAX_ID_BYTES);
  }
}
