package dev.geomonitor.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one validator of the project: turns a raw-topic record into a {@link Reading} or into every
 * reason it is invalid. The Spark job calls it per record; nothing else decides what a valid
 * reading is. Thread-safe and stateless.
 */
public final class ReadingDecoder {
  /**
   * Duplicated keys are rejected, not resolved: keeping one of two different values silently is the
   * worst outcome.
   */
  private static final ObjectReader STRICT = FieldRules.strictReader();

  private final ValidationPolicy policy;

  public ReadingDecoder(ValidationPolicy policy) {
    this.policy = policy;
  }

  public ReadingDecoder() {
    this(ValidationPolicy.DEFAULT);
  }

  public ValidationPolicy policy() {
    return policy;
  }

  /** Decodes the raw bytes of a raw-topic record value. */
  public DecodeResult decode(byte[] value) {
    if (value == null || value.length == 0) {
      return DecodeResult.rejected(
          Rejection.of(RejectCode.MISSING_FIELD, null, "record value is empty"));
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value))
              .toString();
    } catch (CharacterCodingException e) {
      return DecodeResult.rejected(
          Rejection.of(
              RejectCode.INVALID_UTF8, null, "record value is not valid UTF-8: " + e.getMessage()));
    }
    return decode(text);
  }

  /** Decodes the text of a raw-topic record value. */
  public DecodeResult decode(String value) {
    JsonNode root;
    try {
      root = STRICT.readTree(value);
    } catch (JsonProcessingException e) {
      if (FieldRules.isDuplicateField(e)) {
        return DecodeResult.rejected(
            Rejection.of(RejectCode.DUPLICATE_FIELD, null, e.getOriginalMessage()));
      }
      return DecodeResult.rejected(
          Rejection.of(
              RejectCode.MALFORMED_JSON,
              null,
              "record is not valid JSON: " + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      return DecodeResult.rejected(
          Rejection.of(
              RejectCode.NOT_AN_OBJECT,
              null,
              "record is not a JSON object but " + ApiResponseParser.describe(root)));
    }
    List<Rejection> envelopeProblems = new ArrayList<>();
    Optional<ApiVersion> version = Optional.empty();
    JsonNode versionNode = root.get("api_version");
    if (versionNode == null || versionNode.isNull()) {
      envelopeProblems.add(
          Rejection.of(
              RejectCode.MALFORMED_RAW_RECORD, "api_version", "raw record has no api_version"));
    } else {
      version = ApiVersion.fromWireName(versionNode.asText());
      if (version.isEmpty()) {
        envelopeProblems.add(
            Rejection.of(
                RejectCode.UNSUPPORTED_API_VERSION,
                "api_version",
                "api_version '" + versionNode.asText() + "' is neither v1 nor v2"));
      }
    }
    Instant fetchedAt = null;
    JsonNode fetchedNode = root.get("fetched_at");
    if (fetchedNode == null || !fetchedNode.isTextual()) {
      envelopeProblems.add(
          Rejection.of(
              RejectCode.MALFORMED_RAW_RECORD, "fetched_at", "raw record has no fetched_at text"));
    } else {
      try {
        fetchedAt = IsoTimestamps.instant(fetchedNode.asText());
        if (fetchedAt == null) {
          fetchedAt = Instant.parse(fetchedNode.asText());
        }
      } catch (DateTimeParseException e) {
        envelopeProblems.add(
            Rejection.of(
                RejectCode.MALFORMED_RAW_RECORD,
                "fetched_at",
                "fetched_at '" + fetchedNode.asText() + "' is not an ISO-8601 instant"));
      }
    }
    ZoneId zone = java.time.ZoneOffset.UTC;
    JsonNode tzNode = root.get("timezone");
    if (tzNode != null && !tzNode.isNull()) {
      try {
        zone = ZoneId.of(tzNode.asText());
      } catch (DateTimeException e) {
        envelopeProblems.add(
            Rejection.of(
                RejectCode.UNKNOWN_TIMEZONE,
                "timezone",
                "timezone '" + tzNode.asText() + "' is not a zone id"));
      }
    }
    JsonNode item = root.get("item");
    if (item == null || item.isNull()) {
      envelopeProblems.add(
          Rejection.of(RejectCode.MALFORMED_RAW_RECORD, "item", "raw record has no item"));
      return DecodeResult.rejected(envelopeProblems);
    }
    if (!item.isObject()) {
      envelopeProblems.add(
          Rejection.of(
              RejectCode.NOT_AN_OBJECT,
              "item",
              "item is not a JSON object but " + ApiResponseParser.describe(item)));
      return DecodeResult.rejected(envelopeProblems);
    }
    return decodeItem(item, version.orElse(null), fetchedAt, zone, envelopeProblems);
  }

  /**
   * Validates one item as served by the API. {@code version} and {@code fetchedAt} may be null when
   * unknown. Each field is checked by its own step below; every problem found is reported at once.
   */
  public DecodeResult decodeItem(
      JsonNode item,
      ApiVersion version,
      Instant fetchedAt,
      ZoneId zone,
      List<Rejection> alreadyFound) {
    List<Rejection> problems = new ArrayList<>(alreadyFound);
    String borehole = requiredText(item, "borehole_number", problems);
    InstrumentType type = instrumentType(item, problems);
    Double value = measuredValue(item, type, version, problems);
    Double surfaceLevel = surfaceLevel(item, problems);
    Double northing = requiredNumber(item, "northing", problems);
    Double easting = requiredNumber(item, "easting", problems);
    checkPosition(northing, easting, problems);
    Instant ts = timestamp(item, zone, problems);
    checkEventTime(ts, fetchedAt, problems);
    String axis = axis(item, problems);
    if (!problems.isEmpty()) {
      return DecodeResult.rejected(problems);
    }
    return DecodeResult.accepted(
        new Reading(
            type, borehole, ts, value, surfaceLevel, northing, easting, axis, version, fetchedAt));
  }

  private static InstrumentType instrumentType(JsonNode item, List<Rejection> problems) {
    String name = requiredText(item, "instrument", problems);
    if (name == null) {
      return null;
    }
    InstrumentType type = InstrumentType.fromWireName(name).orElse(null);
    if (type == null) {
      problems.add(
          Rejection.of(
              RejectCode.UNKNOWN_INSTRUMENT,
              "instrument",
              "instrument '"
                  + name
                  + "' is not one of water_standpipe, piezometer, settlement_marker,"
                  + " extensometer, strain_gauge"));
    }
    return type;
  }

  /** The measured value: v1 names its field per type, v2 always calls it {@code reading}. */
  private static Double measuredValue(
      JsonNode item, InstrumentType type, ApiVersion version, List<Rejection> problems) {
    if (type == null || version == null) {
      return null;
    }
    String field = version == ApiVersion.V1 ? type.v1ValueField() : "reading";
    Double value = requiredNumber(item, field, problems);
    Rejection outOfRange = value == null ? null : type.rangeProblem(field, value);
    if (outOfRange != null) {
      problems.add(outOfRange);
    }
    return value;
  }

  /** Optional ground level (standpipes): an impossible one is reported and not kept. */
  private static Double surfaceLevel(JsonNode item, List<Rejection> problems) {
    if (!item.has("surface_level") || item.get("surface_level").isNull()) {
      return null;
    }
    Double level = requiredNumber(item, "surface_level", problems);
    Rejection outOfRange =
        level == null ? null : InstrumentType.WATER_STANDPIPE.rangeProblem("surface_level", level);
    if (outOfRange != null) {
      problems.add(outOfRange);
      return null;
    }
    return level;
  }

  private void checkPosition(Double northing, Double easting, List<Rejection> problems) {
    SiteGrid grid = policy.grid();
    if (northing != null && easting != null && !grid.contains(northing, easting)) {
      problems.add(
          Rejection.of(
              RejectCode.COORDINATES_OUT_OF_GRID,
              "northing/easting",
              "northing "
                  + northing
                  + ", easting "
                  + easting
                  + " lie outside the site bounds ("
                  + policy.crs()
                  + " E "
                  + (long) grid.minEasting()
                  + "-"
                  + (long) grid.maxEasting()
                  + ", N "
                  + (long) grid.minNorthing()
                  + "-"
                  + (long) grid.maxNorthing()
                  + "; SITE_BOUNDS)"));
    }
  }

  /**
   * An old reading is late, not invalid: only one from before the site epoch, or beyond the future
   * tolerance after fetch time, is rejected. Both limits are functions of the record alone, so a
   * replay gives the same verdict.
   */
  private void checkEventTime(Instant ts, Instant fetchedAt, List<Rejection> problems) {
    if (ts == null) {
      return;
    }
    if (ts.isBefore(policy.siteEpoch())) {
      problems.add(
          Rejection.of(
              RejectCode.BEFORE_SITE_EPOCH,
              "timestamp",
              "timestamp "
                  + ts
                  + " is before the site epoch "
                  + policy.siteEpoch()
                  + " (SITE_EPOCH; set it earlier if the site really has older readings)"));
    } else if (fetchedAt != null && ts.isAfter(fetchedAt.plus(policy.futureTolerance()))) {
      problems.add(
          Rejection.of(
              RejectCode.FUTURE_TIMESTAMP,
              "timestamp",
              "timestamp "
                  + ts
                  + " is more than "
                  + policy.futureTolerance()
                  + " after fetch time "
                  + fetchedAt
                  + " (FUTURE_TOLERANCE)"));
    }
  }

  /**
   * The sub-series of a point: settlement x/y/z (or any channel the API names); null when the item
   * has none.
   */
  private static String axis(JsonNode item, List<Rejection> problems) {
    JsonNode axisNode = item.get("axis");
    if (axisNode != null && axisNode.isTextual() && !axisNode.asText().isBlank()) {
      return FieldRules.check("axis", axisNode.asText().strip(), problems);
    }
    return null;
  }

  private static String requiredText(JsonNode item, String field, List<Rejection> problems) {
    JsonNode n = item.get(field);
    if (n == null || n.isNull()) {
      problems.add(Rejection.of(RejectCode.MISSING_FIELD, field, field + " is missing"));
      return null;
    }
    if (!n.isTextual()) {
      problems.add(
          Rejection.of(
              RejectCode.WRONG_TYPE,
              field,
              field + " must be a string, got " + ApiResponseParser.describe(n)));
      return null;
    }
    if (n.asText().isBlank()) {
      problems.add(Rejection.of(RejectCode.BLANK_FIELD, field, field + " is blank"));
      return null;
    }
    return FieldRules.check(field, n.asText().strip(), problems);
  }

  private static Double requiredNumber(JsonNode item, String field, List<Rejection> problems) {
    JsonNode n = item.get(field);
    if (n == null || n.isNull()) {
      problems.add(Rejection.of(RejectCode.MISSING_FIELD, field, field + " is missing"));
      return null;
    }
    if (!n.isNumber()) {
      problems.add(
          Rejection.of(
              RejectCode.WRONG_TYPE,
              field,
              field
                  + " must be a number, got "
                  + ApiResponseParser.describe(n)
                  + " "
                  + abbreviate(n.toString())));
      return null;
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d) || (n.isBigDecimal() && exceedsDouble(n.decimalValue()))) {
      problems.add(
          Rejection.of(
              RejectCode.NON_FINITE_VALUE,
              field,
              field + " " + abbreviate(n.toString()) + " does not fit a double"));
      return null;
    }
    return d;
  }

  /**
   * Built once: BigDecimal.valueOf(double) formats the double, which cost as much as the rest of
   * the check.
   */
  private static final BigDecimal MAX_DOUBLE = BigDecimal.valueOf(Double.MAX_VALUE);

  private static boolean exceedsDouble(BigDecimal v) {
    return v.abs().compareTo(MAX_DOUBLE) > 0;
  }

  private static Instant timestamp(JsonNode item, ZoneId zone, List<Rejection> problems) {
    JsonNode n = item.get("timestamp");
    if (n == null || n.isNull()) {
      problems.add(Rejection.of(RejectCode.MISSING_FIELD, "timestamp", "timestamp is missing"));
      return null;
    }
    if (!n.isTextual()) {
      problems.add(
          Rejection.of(
              RejectCode.WRONG_TYPE,
              "timestamp",
              "timestamp must be an ISO-8601 string, got " + ApiResponseParser.describe(n)));
      return null;
    }
    String text = FieldRules.check("timestamp", n.asText(), problems);
    if (text == null) {
      return null;
    }
    Instant fast = IsoTimestamps.dateTime(text, zone);
    if (fast != null) {
      return fast.truncatedTo(ChronoUnit.MILLIS);
    }
    try {
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(
              text, java.time.ZonedDateTime::from, LocalDateTime::from);
      Instant instant =
          parsed instanceof java.time.ZonedDateTime z
              ? z.toInstant()
              : ((LocalDateTime) parsed).atZone(zone).toInstant();
      return instant.truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      problems.add(
          Rejection.of(
              RejectCode.UNPARSEABLE_TIMESTAMP,
              "timestamp",
              "timestamp '" + abbreviate(text) + "' is not an ISO-8601 date-time"));
      return null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
