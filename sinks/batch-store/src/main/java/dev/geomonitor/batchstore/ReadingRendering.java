package dev.geomonitor.batchstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.NumberOutput;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.InstantText;
import dev.geomonitor.domain.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Renders an enriched reading for both sinks at once: its JSON (the readings topic's value, byte
 * for byte what {@link Json#MAPPER} writes) and its COPY line ({@link
 * CopyLine#of(EnrichedReading)}), each field's text made once and appended to both. The job renders
 * every reading this way: Jackson's reflective serializer and the separate COPY rendering were the
 * two largest costs of its output (about 17 % and 20 % of the job's CPU in the profile).
 *
 * <p>{@code ReadingRenderingTest} checks both forms against Jackson and {@link CopyLine#of} on
 * random readings.
 */
public final class ReadingRendering {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ReadingRendering() {}

  /** Both sinks' encodings of one reading. */
  public record Rendered(String json, CopyLine row) {}

  public static Rendered of(EnrichedReading r) {
    if (!finite(r)) {
      // Not a valid reading (the decoder refuses non-finite numbers); Jackson's own form keeps the
      // contract anyway.
      return new Rendered(jackson(r), CopyLine.of(r));
    }
    String ts = InstantText.iso(r.ts());
    String tsMicros = micros(r.ts(), ts);
    String fetchedAt = InstantText.iso(r.fetchedAt());
    String value = number(r.value());
    String surface = number(r.surfaceLevel());
    String northing = number(r.northing());
    String easting = number(r.easting());
    String lat = number(r.lat());
    String lon = number(r.lon());
    String depth = number(r.depthBelowSurface());
    String baseline = number(r.baseline());
    String change = number(r.changeFromBaseline());
    String previous = number(r.changeSincePrevious());
    String status = r.triggerStatus() == null ? null : r.triggerStatus().name();

    StringBuilder json = new StringBuilder(512);
    json.append('{');
    boolean[] first = {true};
    string(json, first, "reading_id", r.readingId());
    string(json, first, "pipeline_version", r.pipelineVersion());
    string(json, first, "instrument", r.instrument());
    string(json, first, "borehole_number", r.boreholeNumber());
    string(json, first, "axis", r.axis());
    string(json, first, "ts", ts);
    raw(json, first, "value", plain(r.value(), value));
    string(json, first, "unit", r.unit());
    string(json, first, "quantity", r.quantity());
    raw(json, first, "surface_level", plain(r.surfaceLevel(), surface));
    raw(json, first, "northing", plain(r.northing(), northing));
    raw(json, first, "easting", plain(r.easting(), easting));
    raw(json, first, "lat", plain(r.lat(), lat));
    raw(json, first, "lon", plain(r.lon(), lon));
    raw(json, first, "depth_below_surface", plain(r.depthBelowSurface(), depth));
    raw(json, first, "baseline", plain(r.baseline(), baseline));
    raw(json, first, "change_from_baseline", plain(r.changeFromBaseline(), change));
    raw(json, first, "change_since_previous", plain(r.changeSincePrevious(), previous));
    string(json, first, "trigger_status", status);
    string(json, first, "api_version", r.apiVersion());
    string(json, first, "fetched_at", fetchedAt);
    json.append('}');

    // Column order of OutputTables.READINGS; the key is reading_id, as the table's primary key
    // (db/pipeline V3): it
    // holds the axis, so the x, y and z readings of one settlement point at one ts are three rows,
    // not one.
    StringBuilder line = new StringBuilder(320);
    text(line, r.instrument());
    line.append('\t');
    text(line, r.boreholeNumber());
    line.append('\t');
    line.append(tsMicros);
    int keyStart = line.length() + 1;
    cell(line, r.readingId(), true);
    String key = line.substring(keyStart);
    cell(line, r.pipelineVersion(), true);
    cell(line, r.axis(), true);
    cell(line, value, false);
    cell(line, r.unit(), true);
    cell(line, r.quantity(), true);
    cell(line, surface, false);
    cell(line, northing, false);
    cell(line, easting, false);
    cell(line, lat, false);
    cell(line, lon, false);
    cell(line, depth, false);
    cell(line, baseline, false);
    cell(line, change, false);
    cell(line, previous, false);
    cell(line, status, true);
    cell(line, r.apiVersion(), true);
    cell(line, micros(r.fetchedAt(), fetchedAt), false);
    line.append('\n');
    return new Rendered(json.toString(), new CopyLine(key, line.toString()));
  }

  private static boolean finite(EnrichedReading r) {
    return Double.isFinite(r.value())
        && Double.isFinite(r.northing())
        && Double.isFinite(r.easting())
        && Double.isFinite(r.lat())
        && Double.isFinite(r.lon())
        && finite(r.surfaceLevel())
        && finite(r.depthBelowSurface())
        && finite(r.baseline())
        && finite(r.changeFromBaseline())
        && finite(r.changeSincePrevious())
        && r.ts() != null
        && r.fetchedAt() != null;
  }

  private static boolean finite(Double d) {
    return d == null || Double.isFinite(d);
  }

  private static String jackson(EnrichedReading r) {
    try {
      return Json.MAPPER.writeValueAsString(r);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an enriched reading always serializes: " + r, e);
    }
  }

  /**
   * The shortest round-trip form, as Jackson's fast double writer and {@link CopyText} write it.
   */
  /**
   * The JSON form of a number the COPY line writes as {@code shortest}: plain notation, as {@link
   * Json#MAPPER}.
   */
  private static String plain(Double d, String shortest) {
    return d == null ? null : Json.plainNumber(d, shortest);
  }

  private static String number(double d) {
    return NumberOutput.toString(d, true);
  }

  private static String number(Double d) {
    return d == null ? null : NumberOutput.toString(d.doubleValue(), true);
  }

  /** PostgreSQL keeps microseconds (the stored key must equal the rendered one). */
  private static String micros(Instant t, String rendered) {
    return t.getNano() % 1000 == 0 ? rendered : InstantText.iso(t.truncatedTo(ChronoUnit.MICROS));
  }

  /**
   * A JSON member with a string value; omitted when null (the record is
   * {@code @JsonInclude(NON_NULL)}).
   */
  private static void string(StringBuilder json, boolean[] first, String name, String value) {
    if (value == null) {
      return;
    }
    member(json, first, name);
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        json.append(c);
        continue;
      }
      json.append('\\');
      switch (c) {
        case '"' -> json.append('"');
        case '\\' -> json.append('\\');
        case '\b' -> json.append('b');
        case '\t' -> json.append('t');
        case '\f' -> json.append('f');
        case '\n' -> json.append('n');
        case '\r' -> json.append('r');
        default -> json.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    json.append('"');
  }

  /** A JSON member whose value is already JSON text (a number); omitted when null. */
  private static void raw(StringBuilder json, boolean[] first, String name, String value) {
    if (value == null) {
      return;
    }
    member(json, first, name);
    json.append(value);
  }

  private static void member(StringBuilder json, boolean[] first, String name) {
    if (!first[0]) {
      json.append(',');
    }
    first[0] = false;
    json.append('"').append(name).append("\":");
  }

  private static void cell(StringBuilder line, String value, boolean escape) {
    line.append('\t');
    if (value == null) {
      line.append("\\N");
    } else if (escape) {
      text(line, value);
    } else {
      line.append(value);
    }
  }

  private static void text(StringBuilder line, String s) {
    CopyText.appendValue(line, s);
  }
}
