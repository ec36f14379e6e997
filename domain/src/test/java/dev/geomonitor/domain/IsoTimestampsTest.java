package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoTimestampsTest {
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  /** The general parser the fast path stands in for; null where it refuses the text. */
  private static Instant general(String text, ZoneId zone) {
    try {
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from, LocalDateTime::from);
      return parsed instanceof ZonedDateTime z
          ? z.toInstant()
          : ((LocalDateTime) parsed).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Instant generalInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Test
  void theShapesTheApiWritesTakeTheFastPathWithTheGeneralParsersValue() {
    for (String text :
        List.of(
            "2024-05-01T10:00:00Z",
            "2024-05-01T10:00:00.078Z",
            "2024-05-01T10:00:00.123456789Z",
            "2024-05-01T10:00:00+10:00",
            "2024-05-01T10:00:00.5-03:30",
            "2024-05-01T10:00:00",
            "2024-10-06T02:30:00" /* Melbourne DST gap */,
            "2024-04-07T02:30:00" /* overlap */)) {
      Instant fast = IsoTimestamps.dateTime(text, MELBOURNE);
      assertThat(fast).as(text).isNotNull().isEqualTo(general(text, MELBOURNE));
    }
    assertThat(IsoTimestamps.instant("2024-05-01T10:00:00.078Z"))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00.078Z"));
  }

  @Test
  void oddTextIsLeftToTheGeneralParser() {
    for (String text :
        List.of(
            "2024-05-01T24:00:00Z",
            "2024-02-30T10:00:00Z",
            "2024-05-01T23:59:60Z",
            "2024-05-01t10:00:00z",
            "2024-05-01T10:00Z",
            "2024-05-01T10:00:00.Z",
            "2024-05-01T10:00:00.1234567891Z",
            "2024-05-01T10:00:00+19:00",
            "2024-05-01T10:00:00+10",
            "2024-05-01T10:00:00Z[UTC]",
            "+12024-05-01T10:00:00Z",
            "2024-5-01T10:00:00Z",
            "2024-05-01 10:00:00",
            "",
            "yesterday")) {
      assertThat(IsoTimestamps.dateTime(text, MELBOURNE)).as(text).isNull();
    }
    assertThat(IsoTimestamps.instant("2024-05-01T10:00:00+10:00")).isNull();
    assertThat(IsoTimestamps.instant("2024-05-01T10:00:00")).isNull();
  }

  @Test
  void wheneverTheFastPathAnswersItAgreesWithTheGeneralParser() {
    // Given 20,000 random near-ISO strings: random fields (some out of range), fraction lengths,
    // zones and mutations
    Random random = new Random(7);
    List<String> texts = new ArrayList<>();
    String[] zones = {
      "", "Z", "z", "+10:00", "-03:30", "+18:00", "-18:00", "+18:01", "+00:00", "-00:00", "+1000"
    };
    for (int k = 0; k < 20_000; k++) {
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              "%04d-%02d-%02dT%02d:%02d:%02d",
              1900 + random.nextInt(300),
              random.nextInt(14),
              random.nextInt(33),
              random.nextInt(26),
              random.nextInt(61),
              random.nextInt(62)));
      int fraction = random.nextInt(12) - 1;
      if (fraction >= 0) {
        b.append('.');
        for (int d = 0; d < fraction; d++) {
          b.append((char) ('0' + random.nextInt(10)));
        }
      }
      b.append(zones[random.nextInt(zones.length)]);
      if (random.nextInt(20) == 0) {
        b.setCharAt(random.nextInt(b.length()), "0:-T.Zx+ ".charAt(random.nextInt(9)));
      }
      texts.add(b.toString());
    }

    // Then every answer of the fast paths is the general parsers' answer, and most valid texts took
    // the fast path
    int fastAnswers = 0;
    for (String text : texts) {
      Instant fast = IsoTimestamps.dateTime(text, MELBOURNE);
      if (fast != null) {
        fastAnswers++;
        assertThat(fast).as(text).isEqualTo(general(text, MELBOURNE));
      }
      Instant fastInstant = IsoTimestamps.instant(text);
      if (fastInstant != null) {
        assertThat(fastInstant).as(text).isEqualTo(generalInstant(text));
      }
    }
    assertThat(fastAnswers).isGreaterThan(2_000);
  }
}
