package dev.geomonitor.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;

/**
 * Length and character rules for every text field of an item, applied by {@link ReadingDecoder}
 * before anything else looks at the text. Logger firmware emits NUL bytes, control characters and
 * absurd lengths; a reading that passes these rules can be written by every sink (PostgreSQL text
 * and COPY never see U+0000, OpenSearch {@code _id}s stay under their 512-byte limit), so no sink
 * ever meets a record it cannot write because of its text.
 *
 * <ul>
 *   <li><b>Keys</b> ({@code borehole_number}, {@code axis}): normalised to Unicode NFC (two
 *       spellings of one name are one instrument), at most {@link #MAX_KEY_BYTES} / {@link
 *       #MAX_AXIS_BYTES} UTF-8 bytes after normalisation; no control (Cc), format (Cf: zero-width,
 *       BOM, bidi overrides), line/paragraph separator, unpaired surrogate, noncharacter or U+FFFD
 *       replacement characters (the last marks text that was mis-decoded upstream).
 *   <li><b>Other text</b> ({@code instrument}, {@code timestamp}, and any text the validator
 *       reads): at most {@link #MAX_TEXT_CHARS} characters, no control characters and no unpaired
 *       surrogates.
 * </ul>
 */
public final class FieldRules {
  /**
   * Longest {@code borehole_number}, in UTF-8 bytes after NFC (ids embed it; see {@link
   * #MAX_ID_BYTES}).
   */
  public static final int MAX_KEY_BYTES = 128;

  /** Longest {@code axis}, in UTF-8 bytes after NFC. */
  public static final int MAX_AXIS_BYTES = 32;

  /**
   * Longest other text field, in characters (instrument names, timestamps, zone ids are all far
   * shorter).
   */
  public static final int MAX_TEXT_CHARS = 64;

  /**
   * OpenSearch refuses an {@code _id} over 512 bytes. The longest id the pipeline derives (an alert
   * id: instrument, borehole number, timestamp, status) is at most {@link #maxDerivedIdBytes()},
   * below this by construction.
   */
  public static final int MAX_ID_BYTES = 512;

  private static final List<String> KEY_FIELDS = List.of("borehole_number", "axis");

  private FieldRules() {}

  /** The project's JSON configuration, refusing an object that names a field twice. */
  static ObjectReader strictReader() {
    return Json.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  }

  /** Whether a parse failure is a duplicated field (Jackson reports it as a parse error). */
  static boolean isDuplicateField(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    return m != null && m.startsWith("Duplicate field");
  }

  /**
   * Checks one text field; returns the value to use (NFC for keys) or null after adding the reason
   * to {@code problems}.
   */
  public static String check(String field, String text, List<Rejection> problems) {
    if (text == null) {
      return null;
    }
    return KEY_FIELDS.contains(field) ? key(field, text, problems) : text(field, text, problems);
  }

  static String key(String field, String text, List<Rejection> problems) {
    int maxBytes = "axis".equals(field) ? MAX_AXIS_BYTES : MAX_KEY_BYTES;
    // a bound before normalising: NFC of a megabyte string is work we need not do
    if (text.length() > maxBytes) {
      problems.add(tooLong(field, text.length() + " characters", maxBytes + " UTF-8 bytes"));
      return null;
    }
    String bad = firstForbidden(text, true);
    if (bad != null) {
      problems.add(
          bad.startsWith("control")
              ? control(field, bad)
              : Rejection.of(
                  RejectCode.INVALID_CHARACTER,
                  field,
                  field + " contains " + bad + "; keys allow printable Unicode only"));
      return null;
    }
    String nfc =
        Normalizer.isNormalized(text, Normalizer.Form.NFC)
            ? text
            : Normalizer.normalize(text, Normalizer.Form.NFC);
    int bytes = nfc.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      problems.add(tooLong(field, bytes + " UTF-8 bytes", maxBytes + " UTF-8 bytes"));
      return null;
    }
    return nfc;
  }

  static String text(String field, String text, List<Rejection> problems) {
    if (text.length() > MAX_TEXT_CHARS) {
      problems.add(tooLong(field, text.length() + " characters", MAX_TEXT_CHARS + " characters"));
      return null;
    }
    String bad = firstForbidden(text, false);
    if (bad != null) {
      problems.add(
          bad.startsWith("control")
              ? control(field, bad)
              : Rejection.of(RejectCode.INVALID_CHARACTER, field, field + " contains " + bad));
      return null;
    }
    return text;
  }

  /** The longest id any sink derives from a reading that passed these rules, in UTF-8 bytes. */
  public static int maxDerivedIdBytes() {
    int instrument = 0;
    for (InstrumentType t : InstrumentType.values()) {
      instrument = Math.max(instrument, t.wireName().length());
    }
    int status = 0;
    for (TriggerStatus s : TriggerStatus.values()) {
      status = Math.max(status, s.name().length());
    }
    int timestamp = NaturalKeys.TIMESTAMP_PATTERN.replace("'", "").length();
    int windowSize =
        "PT24H".length() + 8; // window sizes are ISO durations of the job's configuration
    // instrument:borehole[:axis]:timestamp[:window]:status -- axis and window counted although no
    // id has both today
    return instrument
        + 1
        + MAX_KEY_BYTES
        + 1
        + MAX_AXIS_BYTES
        + 1
        + timestamp
        + 1
        + windowSize
        + 1
        + status;
  }

  /** Describes the first forbidden code point, or returns null. */
  private static String firstForbidden(String s, boolean key) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.CONTROL) {
        return "control character " + hex(cp) + " at index " + i;
      }
      if (type == Character.SURROGATE) {
        return "an unpaired surrogate " + hex(cp) + " at index " + i + " (not encodable as UTF-8)";
      }
      if (key
          && (type == Character.FORMAT
              || type == Character.LINE_SEPARATOR
              || type == Character.PARAGRAPH_SEPARATOR)) {
        return "invisible or format character " + hex(cp) + " at index " + i;
      }
      if (key && (cp == 0xFFFD || isNoncharacter(cp))) {
        return (cp == 0xFFFD
                ? "the replacement character U+FFFD (mis-decoded text)"
                : "noncharacter " + hex(cp))
            + " at index "
            + i;
      }
      i += Character.charCount(cp);
    }
    return null;
  }

  private static boolean isNoncharacter(int cp) {
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
  }

  private static String hex(int cp) {
    return String.format("U+%04X", cp);
  }

  private static Rejection tooLong(String field, String actual, String max) {
    return Rejection.of(
        RejectCode.FIELD_TOO_LONG,
        field,
        field + " is " + actual + " long; at most " + max + " are allowed");
  }

  private static Rejection control(String field, String what) {
    return Rejection.of(
        RejectCode.CONTROL_CHARACTER,
        field,
        field
            + " contains a "
            + what
            + "; text fields must not contain control characters (NUL, ESC, ...)");
  }
}
