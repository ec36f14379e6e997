package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingDecoderTest {
  static final Instant FETCHED = Instant.parse("2022-04-15T22:01:40Z");
  final ReadingDecoder decoder = new ReadingDecoder();

  static String raw(String version, String itemJson) {
    return "{\"api_version\":\""
        + version
        + "\",\"endpoint\":\"/params/all/\",\"timezone\":\"UTC\","
        + "\"fetched_at\":\""
        + FETCHED
        + "\",\"poll_id\":\"p1\",\"item\":"
        + itemJson
        + "}";
  }

  static String standpipeV1(String overrides) {
    return "{\"borehole_number\":\"BH-9037\",\"instrument\":\"water_standpipe\",\"surface_level\":85.4,"
        + "\"northing\":5814941,\"easting\":323796,\"water_level\":86.25,"
        + "\"timestamp\":\"2022-04-15T22:01:29.078Z\""
        + overrides
        + "}";
  }

  List<RejectCode> codes(String rawJson) {
    DecodeResult r = decoder.decode(rawJson);
    assertThat(r.isAccepted()).as("expected a rejection for %s", rawJson).isFalse();
    return r.rejections().stream().map(Rejection::code).toList();
  }

  JsonNode withField(String field, String jsonValue) throws Exception {
    ObjectNode item = (ObjectNode) Json.MAPPER.readTree(standpipeV1(""));
    if (jsonValue == null) {
      item.remove(field);
    } else {
      item.set(field, Json.MAPPER.readTree(jsonValue));
    }
    return item;
  }

  @Test
  void bothApiVersionsDecodeToTheSameReading() throws Exception {
    ApiResponse v1 =
        ApiResponseParser.parse(ApiResponseParserTest.resource("v1-water_standpipe.json"));
    ApiResponse v2 =
        ApiResponseParser.parse(ApiResponseParserTest.resource("v2-water_standpipe.json"));

    for (int i = 0; i < 2; i++) {
      Reading a = decoder.decode(raw("v1", v1.items().get(i).json())).reading();
      Reading b = decoder.decode(raw("v2", v2.items().get(i).json())).reading();
      assertThat(a).isNotNull();
      assertThat(b).usingRecursiveComparison().ignoringFields("apiVersion").isEqualTo(a);
    }
  }

  @Test
  void acceptedReadingCarriesEveryField() {
    Reading r = decoder.decode(raw("v1", standpipeV1(""))).reading();

    assertThat(r.instrument()).isEqualTo(InstrumentType.WATER_STANDPIPE);
    assertThat(r.boreholeNumber()).isEqualTo("BH-9037");
    assertThat(r.timestamp()).isEqualTo(Instant.parse("2022-04-15T22:01:29.078Z"));
    assertThat(r.value()).isEqualTo(86.25);
    assertThat(r.surfaceLevel()).isEqualTo(85.4);
    assertThat(r.northing()).isEqualTo(5814941);
    assertThat(r.easting()).isEqualTo(323796);
    assertThat(r.fetchedAt()).isEqualTo(FETCHED);
    assertThat(r.readingId()).isEqualTo("water_standpipe:BH-9037:2022-04-15T22:01:29.078Z");
  }

  @Test
  void eachV1InstrumentReadsItsOwnValueField() {
    String pz =
        "{\"borehole_number\":\"PZ-1\",\"instrument\":\"piezometer\",\"northing\":5812000,\"easting\":320000,"
            + "\"pwp\":120.5,\"timestamp\":\"2022-04-15T22:01:00Z\"}";
    String sm =
        "{\"borehole_number\":\"SM-X-1\",\"instrument\":\"settlement_marker\",\"axis\":\"x\",\"northing\":5812000,"
            + "\"easting\":320000,\"displacement\":-3.5,\"timestamp\":\"2022-04-15T22:01:00Z\"}";

    assertThat(decoder.decode(raw("v1", pz)).reading().value()).isEqualTo(120.5);
    Reading marker = decoder.decode(raw("v1", sm)).reading();
    assertThat(marker.value()).isEqualTo(-3.5);
    assertThat(marker.axis()).isEqualTo("x");
  }

  @Test
  void naiveTimestampIsReadInTheEnvelopeTimezone() {
    String item = standpipeV1("").replace("2022-04-15T22:01:29.078Z", "2022-04-16T08:01:29.078");
    String json = raw("v1", item).replace("\"UTC\"", "\"Australia/Melbourne\"");

    assertThat(decoder.decode(json).reading().timestamp())
        .isEqualTo(Instant.parse("2022-04-15T22:01:29.078Z"));
  }

  @Test
  void everyReasonIsReportedAtOnce() {
    String item =
        "{\"borehole_number\":\" \",\"instrument\":\"water_standpipe\",\"northing\":1,\"easting\":2,"
            + "\"water_level\":\"high\",\"timestamp\":\"yesterday\"}";

    assertThat(codes(raw("v1", item)))
        .containsExactlyInAnyOrder(
            RejectCode.BLANK_FIELD,
            RejectCode.WRONG_TYPE,
            RejectCode.COORDINATES_OUT_OF_GRID,
            RejectCode.UNPARSEABLE_TIMESTAMP);
  }

  @Test
  void missingBoreholeNumberIsMissingField() throws Exception {
    DecodeResult r = decoder.decode(raw("v1", withField("borehole_number", null).toString()));
    assertThat(r.rejections())
        .extracting(Rejection::code, Rejection::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(RejectCode.MISSING_FIELD, "borehole_number"));
  }

  @Test
  void unknownInstrumentIsRejected() throws Exception {
    assertThat(codes(raw("v1", withField("instrument", "\"tiltmeter\"").toString())))
        .containsExactly(RejectCode.UNKNOWN_INSTRUMENT);
  }

  @Test
  void missingValueIsRejected() throws Exception {
    assertThat(codes(raw("v1", withField("water_level", null).toString())))
        .containsExactly(RejectCode.MISSING_FIELD);
  }

  @Test
  void v2ItemWithV1ValueFieldHasNoReading() {
    assertThat(codes(raw("v2", standpipeV1("")))).containsExactly(RejectCode.MISSING_FIELD);
  }

  @Test
  void booleanValueIsWrongType() throws Exception {
    assertThat(codes(raw("v1", withField("water_level", "true").toString())))
        .containsExactly(RejectCode.WRONG_TYPE);
  }

  @Test
  void hugeValueDoesNotFitADouble() {
    assertThat(codes(raw("v1", standpipeV1("").replace("86.25", "1e400"))))
        .containsExactly(RejectCode.NON_FINITE_VALUE);
  }

  @Test
  void physicallyImpossibleValueIsOutOfRange() throws Exception {
    assertThat(codes(raw("v1", withField("water_level", "9999.0").toString())))
        .containsExactly(RejectCode.VALUE_OUT_OF_RANGE);
  }

  @Test
  void coordinatesOutsideTheSiteAreRejected() throws Exception {
    assertThat(codes(raw("v1", withField("northing", "6000000").toString())))
        .containsExactly(RejectCode.COORDINATES_OUT_OF_GRID);
  }

  @Test
  void timestampBeyondTheToleranceAfterFetchIsFuture() throws Exception {
    assertThat(codes(raw("v1", withField("timestamp", "\"2022-04-15T23:00:00Z\"").toString())))
        .containsExactly(RejectCode.FUTURE_TIMESTAMP);
  }

  @Test
  void timestampWithinTheToleranceIsAccepted() throws Exception {
    assertThat(
            decoder
                .decode(raw("v1", withField("timestamp", "\"2022-04-15T22:04:00Z\"").toString()))
                .isAccepted())
        .isTrue();
  }

  @Test
  void fifteenDayOldReadingIsLateNotInvalid() throws Exception {
    DecodeResult r =
        decoder.decode(raw("v1", withField("timestamp", "\"2022-03-31T22:01:40Z\"").toString()));

    assertThat(r.isAccepted()).isTrue();
    assertThat(r.reading().timestamp()).isEqualTo(Instant.parse("2022-03-31T22:01:40Z"));
  }

  @Test
  void timestampBeforeTheSiteEpochIsRejectedWithTheEpochNamed() throws Exception {
    DecodeResult r =
        decoder.decode(raw("v1", withField("timestamp", "\"1999-12-31T23:59:59Z\"").toString()));

    assertThat(r.rejections())
        .extracting(Rejection::code)
        .containsExactly(RejectCode.BEFORE_SITE_EPOCH);
    assertThat(r.rejections().get(0).message()).contains("2000-01-01T00:00:00Z", "SITE_EPOCH");
  }

  @Test
  void configuredEpochMovesTheLimit() throws Exception {
    ReadingDecoder strict =
        new ReadingDecoder(
            ValidationPolicy.fromSettings(java.util.Map.of("SITE_EPOCH", "2022-04-01T00:00:00Z")));

    assertThat(
            strict
                .decode(raw("v1", withField("timestamp", "\"2022-03-31T22:01:40Z\"").toString()))
                .rejections())
        .extracting(Rejection::code)
        .containsExactly(RejectCode.BEFORE_SITE_EPOCH);
    assertThat(strict.decode(raw("v1", standpipeV1(""))).isAccepted()).isTrue();
  }

  @Test
  void axisIsPartOfTheReadingId() {
    String sm =
        "{\"borehole_number\":\"SM-1\",\"instrument\":\"settlement_marker\",\"axis\":\"z\",\"northing\":5812000,"
            + "\"easting\":320000,\"displacement\":-3.5,\"timestamp\":\"2022-04-15T22:01:00Z\"}";

    assertThat(decoder.decode(raw("v1", sm)).reading().readingId())
        .isEqualTo("settlement_marker:SM-1:z:2022-04-15T22:01:00.000Z");
  }

  @Test
  void numericTimestampIsWrongType() throws Exception {
    assertThat(codes(raw("v1", withField("timestamp", "1650060089").toString())))
        .containsExactly(RejectCode.WRONG_TYPE);
  }

  @Test
  void truncatedRecordIsMalformedJson() {
    assertThat(codes(raw("v1", standpipeV1("")).substring(0, 80)))
        .containsExactly(RejectCode.MALFORMED_JSON);
  }

  @Test
  void arrayRecordIsNotAnObject() {
    assertThat(codes("[1,2,3]")).containsExactly(RejectCode.NOT_AN_OBJECT);
  }

  @Test
  void arrayItemIsNotAnObject() {
    assertThat(codes(raw("v1", "[1]"))).containsExactly(RejectCode.NOT_AN_OBJECT);
  }

  @Test
  void unknownApiVersionIsUnsupported() {
    assertThat(codes(raw("v9", standpipeV1("")))).contains(RejectCode.UNSUPPORTED_API_VERSION);
  }

  @Test
  void recordWithoutFetchTimeIsMalformedRawRecord() {
    String json = raw("v1", standpipeV1("")).replace("\"fetched_at\"", "\"fetched\"");
    assertThat(codes(json)).containsExactly(RejectCode.MALFORMED_RAW_RECORD);
  }

  @Test
  void unknownTimezoneIsRejected() {
    assertThat(codes(raw("v1", standpipeV1("")).replace("\"UTC\"", "\"Mars/Olympus\"")))
        .containsExactly(RejectCode.UNKNOWN_TIMEZONE);
  }

  @Test
  void invalidUtf8BytesAreRejected() {
    byte[] bytes = raw("v1", standpipeV1("")).getBytes(StandardCharsets.UTF_8);
    bytes[40] = (byte) 0xC3;
    bytes[41] = (byte) 0x28;

    assertThat(decoder.decode(bytes).rejections())
        .extracting(Rejection::code)
        .containsExactly(RejectCode.INVALID_UTF8);
  }

  @Test
  void emptyValueIsRejected() {
    assertThat(decoder.decode(new byte[0]).rejections())
        .extracting(Rejection::code)
        .containsExactly(RejectCode.MISSING_FIELD);
  }

  @Test
  void rawReadingKeepsTheItemTextExactlyAsServed() throws Exception {
    String body =
        "{\"request_type\":\"all\",\"length\":1,\"timezone\":\"UTC\",\"items\":[ "
            + standpipeV1("").replace("86.25", "86.2500")
            + " ]}";
    ApiResponse response = ApiResponseParser.parse(body);
    ApiItem item = response.items().get(0);

    RawReading raw = RawReading.of(response, item, "/params/all/", FETCHED, "p1");

    assertThat(item.json()).isEqualTo(standpipeV1("").replace("86.25", "86.2500"));
    assertThat(raw.toJson()).contains("\"item\":" + item.json());
    assertThat(RawReading.keyOf(item.node())).isEqualTo("water_standpipe:BH-9037");
    assertThat(Json.MAPPER.readValue(raw.toJsonBytes(), RawReading.class).apiVersion())
        .isEqualTo("v1");
    assertThat(decoder.decode(raw.toJsonBytes()).reading().value()).isEqualTo(86.25);
  }

  @Test
  void hugeNumberReachesTheValidatorUnchanged() throws Exception {
    String body =
        "{\"request_type\":\"all\",\"length\":1,\"items\":["
            + standpipeV1("").replace("86.25", "1e400")
            + "]}";
    ApiResponse response = ApiResponseParser.parse(body);

    RawReading raw =
        RawReading.of(response, response.items().get(0), "/params/all/", FETCHED, "p1");

    assertThat(raw.toJson()).contains("\"water_level\":1e400");
    assertThat(decoder.decode(raw.toJsonBytes()).rejections())
        .extracting(Rejection::code)
        .containsExactly(RejectCode.NON_FINITE_VALUE);
  }

  @Test
  void rawReadingKeyHasEmptyPartsWhenTheItemLacksThem() throws Exception {
    assertThat(RawReading.keyOf(Json.MAPPER.readTree("{\"instrument\":\"piezometer\"}")))
        .isEqualTo("piezometer:");
    assertThat(RawReading.keyOf(Json.MAPPER.readTree("[1]"))).isEqualTo(":");
  }
}
