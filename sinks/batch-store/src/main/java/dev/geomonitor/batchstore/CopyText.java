package dev.geomonitor.batchstore;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.time.Instant;

/** Rows in PostgreSQL's COPY text format: tab-separated, {@code \N} for NULL, backslash escapes. */
final class CopyText {
  private CopyText() {}

  static void appendRow(StringBuilder out, Object[] row) {
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        out.append('\t');
      }
      appendValue(out, row[i]);
    }
    out.append('\n');
  }

  static void appendValue(StringBuilder out, Object v) {
    if (v == null) {
      out.append("\\N");
    } else if (v instanceof String s) {
      appendEscaped(out, s);
    } else if (v instanceof Double d) {
      // The shortest round-trip form ("86.25", "1.0E-5", Jackson's Schubfach writer: several times
      // faster than
      // Double.toString on Java 17) is valid float8 input and loses no precision.
      out.append(NumberOutput.toString(d.doubleValue(), true));
    } else if (v instanceof Long || v instanceof Integer) {
      out.append(v);
    } else if (v instanceof Boolean b) {
      out.append(b ? 't' : 'f');
    } else if (v instanceof Instant t) {
      out.append(t); // ISO-8601 with Z: unambiguous whatever the session time zone
    } else if (v instanceof String[] a) {
      appendEscaped(out, arrayLiteral(a));
    } else {
      throw new IllegalArgumentException(
          "no COPY text form for a " + v.getClass().getName() + ": " + v);
    }
  }

  /** A text[] literal, every element quoted so commas, braces and the word NULL stay data. */
  static String arrayLiteral(String[] elements) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < elements.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      String e = elements[i];
      if (e == null) {
        b.append("NULL");
        continue;
      }
      b.append('"');
      for (int j = 0; j < e.length(); j++) {
        char c = e.charAt(j);
        if (c == '"' || c == '\\') {
          b.append('\\');
        }
        b.append(c);
      }
      b.append('"');
    }
    return b.append('}').toString();
  }

  private static void appendEscaped(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
  }
}
