package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast forms give the very characters of their references: reading ids are natural keys, so a
 * single differing character would give a reading a second id.
 */
class InstantTextTest {
  private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

  @Test
  void edgeInstantsMatchTheirReferences() {
    List<Instant> edges =
        List.of(
            Instant.EPOCH,
            Instant.ofEpochSecond(-1, 999_999_999),
            Instant.parse("0000-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("+10000-01-01T00:00:00Z"),
            Instant.parse("-0001-12-31T23:59:59.5Z"),
            Instant.parse("2024-02-29T12:00:00.100Z"),
            Instant.parse("2024-05-01T10:00:00.000001Z"),
            Instant.parse("2024-05-01T10:00:00.000000001Z"),
            Instant.parse("2026-12-06T20:50:01.120Z"));
    for (Instant t : edges) {
      assertThat(InstantText.iso(t)).as("iso %s", t).isEqualTo(t.toString());
      assertThat(InstantText.millis(t)).as("millis %s", t).isEqualTo(reference(t));
    }
    assertThat(InstantText.iso(Instant.MIN)).isEqualTo(Instant.MIN.toString());
    assertThat(InstantText.iso(Instant.MAX)).isEqualTo(Instant.MAX.toString());
  }

  @Test
  void millionsOfRandomInstantsMatchTheirReferences() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 2_000_000; i++) {
      long second = random.nextLong(YEAR_0 - 86_400L * 400, YEAR_10000 + 86_400L * 400);
      int nano =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant t = Instant.ofEpochSecond(second, nano);
      String iso = InstantText.iso(t);
      if (!iso.equals(t.toString())) {
        assertThat(iso).as("iso of %s", t).isEqualTo(t.toString());
      }
      String millis = InstantText.millis(t);
      if (!millis.equals(reference(t))) {
        assertThat(millis).as("millis of %s", t).isEqualTo(reference(t));
      }
    }
  }

  private static String reference(Instant t) {
    return NaturalKeys.referenceTimestamp(t);
  }
}
