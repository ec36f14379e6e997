package dev.geomonitor.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one Jackson configuration of the project. ObjectMapper is thread-safe once configured. */
public final class Json {
  /**
   * Strict JSON (no NaN, no comments, no trailing tokens) so that whatever passes here is readable
   * by every consumer; floats kept as BigDecimal so a huge number is judged by the validator
   * instead of silently becoming Infinity. Doubles are written with Jackson's Schubfach writer and
   * read with its fast parser: on Java 17 Double.toString was the largest single cost of writing
   * the job's output (profiled), and both forms round-trip exactly. Numbers are written in plain
   * notation ({@code "level":10}, {@code 0.0001}), never {@code 1E+1} or {@code 1.0E-4}: people
   * read these documents, and a BigDecimal that went through a tree (the search sink's documents)
   * would otherwise come out in the scientific form its normalisation left it in.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(
              new SimpleModule("plain-doubles")
                  .addSerializer(Double.class, new PlainDoubleSerializer())
                  .addSerializer(double.class, new PlainDoubleSerializer()))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .disable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private Json() {}

  /**
   * A double as the project's JSON writes it: {@code shortest} (its shortest round-trip form, as
   * Jackson's fast writer gives it) when that is plain, else the plain notation of the same digits.
   * For hand-rendered JSON that must equal {@link #MAPPER}'s output.
   */
  public static String plainNumber(double v, String shortest) {
    return PlainDoubleSerializer.shortestIsPlain(v) ? shortest : PlainDoubleSerializer.plain(v);
  }
}
