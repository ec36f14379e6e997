package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void alertLevelsAreWrittenInPlainNotationAlsoAfterPassingThroughATree() throws Exception {
    // Given an alert whose level is 10 (the search sink turns records into trees before indexing
    // them)
    StatusAlert alert =
        new StatusAlert(
            "a",
            "v1",
            "settlement_marker",
            "SM-104",
            Instant.parse("2026-11-24T08:00:00Z"),
            TriggerStatus.NORMAL,
            TriggerStatus.ALERT,
            -10.5,
            0.0,
            -10.5,
            10.0,
            "mm",
            -37.8,
            144.9,
            "r");

    // When it is written directly and through a tree
    String direct = Json.MAPPER.writeValueAsString(alert);
    JsonNode tree = Json.MAPPER.valueToTree(alert);
    String viaTree = Json.MAPPER.writeValueAsString(tree);

    // Then neither has an exponent
    assertThat(direct).contains("\"level\":10.0").doesNotContainPattern("[0-9][eE][+-]?[0-9]");
    assertThat(viaTree).contains("\"level\":10").doesNotContainPattern("[0-9][eE][+-]?[0-9]");
  }

  @Test
  void tinyAndHugeDoublesAreWrittenInPlainNotation() throws Exception {
    String json =
        Json.MAPPER.writeValueAsString(
            Map.of("small", 0.0001, "large", 12_500_000.0, "neg", -2.5e-7));

    assertThat(json)
        .contains("\"small\":0.0001", "\"large\":12500000", "\"neg\":-0.00000025")
        .doesNotContainPattern("[0-9][eE][+-]?[0-9]");
  }

  @Test
  void plainNotationReadsBackToExactlyTheSameDouble() throws Exception {
    Random random = new Random(18);
    for (int i = 0; i < 20_000; i++) {
      double v = Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(v)) {
        continue;
      }
      double scaled =
          i % 2 == 0 ? v : random.nextGaussian() * Math.pow(10, random.nextInt(24) - 12);
      String written = Json.MAPPER.writeValueAsString(scaled);
      assertThat(written).doesNotContainPattern("[eE]");
      assertThat(Json.MAPPER.readValue(written, Double.class)).isEqualTo(scaled);
    }
  }
}
