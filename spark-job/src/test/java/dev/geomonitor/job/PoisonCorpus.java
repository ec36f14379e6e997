package dev.geomonitor.job;

import static dev.geomonitor.job.RawRecords.FETCHED;
import static dev.geomonitor.job.RawRecords.utf8;
import static dev.geomonitor.job.RawRecords.v1;
import static dev.geomonitor.job.RawRecords.v1Standpipe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.RejectCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Bad raw records of many kinds, each with the reason the validator must give. */
final class PoisonCorpus {
  record Poison(String kind, byte[] value, RejectCode expected) {}

  private PoisonCorpus() {}

  private static final String TS = "2024-05-01T10:00:00.000Z";

  static List<Poison> all() {
    List<Poison> p = new ArrayList<>();
    p.add(
        new Poison(
            "truncated JSON",
            utf8("{\"api_version\":\"v1\",\"item\":{\"borehole_number\":"),
            RejectCode.MALFORMED_JSON));
    p.add(new Poison("array instead of object", utf8("[1,2,3]"), RejectCode.NOT_AN_OBJECT));
    p.add(new Poison("JSON null", utf8("null"), RejectCode.NOT_AN_OBJECT));
    p.add(new Poison("empty value", new byte[0], RejectCode.MISSING_FIELD));
    p.add(
        new Poison(
            "invalid UTF-8",
            new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'},
            RejectCode.INVALID_UTF8));
    p.add(
        new Poison(
            "NaN literal", utf8("{\"api_version\":\"v1\",\"x\":NaN}"), RejectCode.MALFORMED_JSON));
    p.add(
        new Poison(
            "value as string",
            v1(with(v1Standpipe("BH-P1", TS, 1), "water_level", "86.2")),
            RejectCode.WRONG_TYPE));
    ObjectNode noBorehole = v1Standpipe("BH-P2", TS, 86.0);
    noBorehole.remove("borehole_number");
    p.add(new Poison("missing borehole_number", v1(noBorehole), RejectCode.MISSING_FIELD));
    ObjectNode huge = v1Standpipe("BH-P3", TS, 0);
    huge.put("water_level", new BigDecimal("1e400"));
    p.add(new Poison("value beyond double", v1(huge), RejectCode.NON_FINITE_VALUE));
    p.add(
        new Poison(
            "value out of range",
            v1(v1Standpipe("BH-P4", TS, 9999.0)),
            RejectCode.VALUE_OUT_OF_RANGE));
    p.add(
        new Poison(
            "unknown instrument",
            v1(with(v1Standpipe("BH-P5", TS, 86), "instrument", "tiltmeter")),
            RejectCode.UNKNOWN_INSTRUMENT));
    p.add(
        new Poison(
            "future timestamp",
            v1(v1Standpipe("BH-P6", FETCHED.plusSeconds(3600).toString(), 86)),
            RejectCode.FUTURE_TIMESTAMP));
    p.add(
        new Poison(
            "timestamp before the site epoch",
            v1(v1Standpipe("BH-P7", "1999-06-01T00:00:00Z", 86)),
            RejectCode.BEFORE_SITE_EPOCH));
    p.add(
        new Poison(
            "unparseable timestamp",
            v1(v1Standpipe("BH-P8", "yesterday", 86)),
            RejectCode.UNPARSEABLE_TIMESTAMP));
    ObjectNode farAway = v1Standpipe("BH-P9", TS, 86);
    farAway.put("northing", 1000);
    p.add(
        new Poison(
            "coordinates outside the site", v1(farAway), RejectCode.COORDINATES_OUT_OF_GRID));
    p.add(new Poison("blank borehole", v1(v1Standpipe("   ", TS, 86)), RejectCode.BLANK_FIELD));
    p.add(
        new Poison(
            "unsupported api version",
            RawRecords.raw("v3", "/x/", null, FETCHED, v1Standpipe("BH-P10", TS, 86)),
            RejectCode.UNSUPPORTED_API_VERSION));
    p.add(
        new Poison(
            "unknown timezone",
            utf8(
                new String(v1(v1Standpipe("BH-P11", "2024-05-01T10:00:00", 86)))
                    .replace("\"UTC\"", "\"Mars/Olympus\"")),
            RejectCode.UNKNOWN_TIMEZONE));
    p.add(
        new Poison(
            "no envelope",
            utf8(v1Standpipe("BH-P12", TS, 86).toString()),
            RejectCode.MALFORMED_RAW_RECORD));
    p.add(
        new Poison(
            "item is a string",
            utf8("{\"api_version\":\"v1\",\"fetched_at\":\"" + FETCHED + "\",\"item\":\"BH-1\"}"),
            RejectCode.NOT_AN_OBJECT));
    return p;
  }

  private static ObjectNode with(ObjectNode item, String field, String text) {
    item.put(field, text);
    return item;
  }
}
