package dev.geomonitor.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Writes doubles in plain notation ({@code 0.0001}, {@code 12000000.0}) where Java would write
 * {@code 1.0E-4} or {@code 1.2E7}: engineers read these documents with curl and psql, and every
 * JSON reader takes either form. The digits are the shortest that round-trip, so nothing is lost;
 * the common range takes the generator's fast writer as before.
 */
final class PlainDoubleSerializer extends StdScalarSerializer<Double> {
  /** Double.toString switches to scientific notation outside [1e-3, 1e7). */
  private static final double PLAIN_FROM = 1e-3;

  private static final double PLAIN_BELOW = 1e7;

  PlainDoubleSerializer() {
    super(Double.class);
  }

  @Override
  public void serialize(Double value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    double v = value;
    if (shortestIsPlain(v)) {
      gen.writeNumber(v);
    } else {
      gen.writeNumber(plain(v));
    }
  }

  /** Whether the shortest round-trip form of {@code v} is already plain (no exponent). */
  static boolean shortestIsPlain(double v) {
    double abs = Math.abs(v);
    return abs == 0 || !Double.isFinite(v) || (abs >= PLAIN_FROM && abs < PLAIN_BELOW);
  }

  /** {@code v} in plain notation with the digits of its round-trip form. */
  static String plain(double v) {
    return new BigDecimal(Double.toString(v)).toPlainString();
  }
}
