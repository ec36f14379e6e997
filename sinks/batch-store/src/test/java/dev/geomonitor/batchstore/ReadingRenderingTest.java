package dev.geomonitor.batchstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.TriggerStatus;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass rendering of a reading is exactly Jackson's JSON and the table's own COPY line. */
class ReadingRenderingTest {
  private static final String[] TEXTS = {
    "BH-12",
    "water_standpipe",
    "m AHD",
    "a\"quote",
    "back\\slash",
    "tab\there",
    "new\nline",
    "cr\rx",
    "\b\f",
    "ctl\u0001\u001f",
    "ünïcödé ☃",
    "emoji \uD83D\uDE00",
    "",
    "NULL",
    "\\N"
  };

  @Test
  void randomReadingsRenderAsJacksonAndTheCopyTableDo() throws Exception {
    Random random = new Random(20261205);
    for (int i = 0; i < 20_000; i++) {
      EnrichedReading r = reading(random);

      ReadingRendering.Rendered rendered = ReadingRendering.of(r);

      assertThat(rendered.json()).as("json of %s", r).isEqualTo(Json.MAPPER.writeValueAsString(r));
      assertThat(rendered.row()).as("COPY line of %s", r).isEqualTo(CopyLine.of(r));
    }
  }

  @Test
  void aNonFiniteNumberFallsBackToJacksonsOwnForm() throws Exception {
    EnrichedReading r = reading(new Random(1));
    EnrichedReading nan =
        new EnrichedReading(
            r.readingId(),
            r.pipelineVersion(),
            r.instrument(),
            r.boreholeNumber(),
            r.axis(),
            r.ts(),
            Double.NaN,
            r.unit(),
            r.quantity(),
            r.surfaceLevel(),
            r.northing(),
            r.easting(),
            r.lat(),
            r.lon(),
            r.depthBelowSurface(),
            r.baseline(),
            r.changeFromBaseline(),
            r.changeSincePrevious(),
            r.triggerStatus(),
            r.apiVersion(),
            r.fetchedAt());

    assertThat(ReadingRendering.of(nan).json()).isEqualTo(Json.MAPPER.writeValueAsString(nan));
    assertThat(ReadingRendering.of(nan).row()).isEqualTo(CopyLine.of(nan));
  }

  @Test
  void theAxesOfOnePointAtOneTimestampAreThreeRowsNotOne() {
    // The x, y and z readings of a settlement point share instrument, borehole and ts: only
    // reading_id tells them
    // apart, and a chunk keeps the last line of each key
    Instant ts = Instant.parse("2024-05-01T10:00:40Z");
    java.util.List<CopyLine> lines = new java.util.ArrayList<>();
    for (String axis : new String[] {"x", "y", "z"}) {
      EnrichedReading r =
          new EnrichedReading(
              "settlement_marker:SM-1:" + axis + ":2024-05-01T10:00:40.000Z",
              "v1",
              "settlement_marker",
              "SM-1",
              axis,
              ts,
              1.0,
              "mm",
              "settlement",
              null,
              5_812_000.5,
              320_000.25,
              -37.8,
              144.9,
              null,
              1.0,
              0.0,
              null,
              TriggerStatus.NORMAL,
              "v2",
              ts.plusSeconds(5));
      CopyLine rendered = ReadingRendering.of(r).row();
      assertThat(rendered).isEqualTo(CopyLine.of(r));
      lines.add(rendered);
    }
    assertThat(OutputTable.linesOf(lines)).hasSize(3);
  }

  private static EnrichedReading reading(Random random) {
    Instant ts =
        Instant.ofEpochSecond(
            1_600_000_000L + random.nextInt(200_000_000),
            random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
    return new EnrichedReading(
        text(random),
        text(random),
        text(random),
        text(random),
        random.nextBoolean() ? null : text(random),
        ts,
        number(random),
        text(random),
        text(random),
        maybe(random),
        number(random),
        number(random),
        number(random),
        number(random),
        maybe(random),
        maybe(random),
        maybe(random),
        maybe(random),
        random.nextInt(5) == 0
            ? null
            : TriggerStatus.values()[random.nextInt(TriggerStatus.values().length)],
        text(random),
        ts.plusMillis(random.nextInt(5000)));
  }

  private static String text(Random random) {
    return random.nextInt(3) == 0
        ? TEXTS[random.nextInt(TEXTS.length)]
        : "PZ-" + random.nextInt(100_000);
  }

  private static double number(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> random.nextGaussian() * 1e-7;
      case 1 -> random.nextGaussian() * 1e12;
      case 2 -> Math.round(random.nextDouble() * 10_000) / 100.0;
      case 3 -> random.nextBoolean() ? -0.0 : 0.0;
      default -> random.nextGaussian() * 100;
    };
  }

  private static Double maybe(Random random) {
    return random.nextInt(4) == 0 ? null : number(random);
  }
}
