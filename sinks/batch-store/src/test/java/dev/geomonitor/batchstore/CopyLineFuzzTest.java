package dev.geomonitor.batchstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.DecodeResult;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.Reading;
import dev.geomonitor.domain.ReadingDecoder;
import dev.geomonitor.domain.TriggerStatus;
import java.time.Instant;

/**
 * Fuzzes the COPY-line renderer with what the validator lets through and with whatever it rejects.
 * Properties: it never throws, and every line is one row PostgreSQL's COPY text format reads as
 * exactly its table's columns: no U+0000 (text cannot hold it), no unescaped newline or carriage
 * return, one tab between columns, one newline at the end, no unpaired surrogate (it would be sent
 * as '?').
 */
class CopyLineFuzzTest {
  private static final ReadingDecoder DECODER = new ReadingDecoder();
  private static final Instant FETCHED = Instant.parse("2022-04-15T22:01:40Z");

  @FuzzTest(maxDuration = "30s")
  void everyRecordRendersToOneWellFormedCopyRow(FuzzedDataProvider data) {
    byte[] raw = data.consumeBoolean() ? data.consumeRemainingAsBytes() : rawAround(data);
    DecodeResult result = DECODER.decode(raw);
    if (result.isAccepted()) {
      CopyLine line = CopyLine.of(enriched(result.reading()));
      assertWellFormed(line.line(), OutputTables.READINGS.columnNames().size());
    } else {
      DeadLetter letter =
          DeadLetter.fromKafka(
              DeadLetter.STAGE_SPARK,
              result.rejections(),
              "monitoring.raw",
              0,
              1L,
              "k",
              raw,
              FETCHED);
      assertWellFormed(CopyLine.of(letter).line(), OutputTables.REJECTIONS.columnNames().size());
    }
  }

  static void assertWellFormed(String line, int columns) {
    assertThat(line).endsWith("\n").doesNotContain("\0");
    String body = line.substring(0, line.length() - 1);
    assertThat(body).doesNotContain("\n").doesNotContain("\r");
    assertThat(body.chars().filter(c -> c == '\t').count()).isEqualTo(columns - 1);
    assertThat(body.codePoints()).noneMatch(cp -> Character.getType(cp) == Character.SURROGATE);
  }

  static EnrichedReading enriched(Reading r) {
    return new EnrichedReading(
        r.readingId(),
        "v1",
        r.instrument().wireName(),
        r.boreholeNumber(),
        r.axis(),
        r.timestamp(),
        r.value(),
        r.instrument().unit(),
        r.instrument().quantity(),
        r.surfaceLevel(),
        r.northing(),
        r.easting(),
        -37.8,
        144.9,
        null,
        null,
        null,
        null,
        TriggerStatus.NORMAL,
        r.apiVersion().wireName(),
        r.fetchedAt());
  }

  /** A well-formed raw record whose borehole number, axis and value come from the fuzzer. */
  static byte[] rawAround(FuzzedDataProvider data) {
    String item =
        "{\"borehole_number\":"
            + quote(data.consumeString(300))
            + ",\"instrument\":\"water_standpipe\","
            + "\"northing\":5814941,\"easting\":323796,\"water_level\":"
            + data.consumeDouble()
            + ",\"axis\":"
            + quote(data.consumeString(40))
            + ",\"timestamp\":\"2022-04-15T22:01:29.078Z\"}";
    return ("{\"api_version\":\"v1\",\"endpoint\":\"/params/all/\",\"timezone\":\"UTC\",\"fetched_at\":\""
            + FETCHED
            + "\",\"poll_id\":\"p1\",\"item\":"
            + item
            + "}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static String quote(String s) {
    try {
      return Json.MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
