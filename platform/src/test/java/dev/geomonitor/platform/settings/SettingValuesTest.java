package dev.geomonitor.platform.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingValuesTest {
  private static final Setting<Duration> INTERVAL =
      Setting.of("POLL_INTERVAL", SettingTypes.DURATION, "PT15S", "time between polls");
  private static final Setting<Boolean> INDEX_DLQ =
      Setting.of("INDEX_DLQ", SettingTypes.BOOLEAN, "true", "index dead letters");
  private static final Setting<String> URL =
      Setting.required("URL", SettingTypes.TEXT, "the endpoint");

  @Test
  void absentAndBlankValuesTakeTheDeclaredDefault() {
    SettingValues values = SettingValues.of(Map.of("INDEX_DLQ", "  "));

    assertThat(values.get(INTERVAL)).isEqualTo(Duration.ofSeconds(15));
    assertThat(values.get(INDEX_DLQ)).isTrue();
  }

  @Test
  void durationsAreIso8601AndATypoNamesTheKeyAndTheValue() {
    assertThat(SettingValues.of(Map.of("POLL_INTERVAL", "PT0.5S")).get(INTERVAL))
        .isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> SettingValues.of(Map.of("POLL_INTERVAL", "15000")).get(INTERVAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("POLL_INTERVAL='15000' is not an ISO-8601 duration");
  }

  @Test
  void booleansAreStrictlyTrueOrFalse() {
    assertThat(SettingValues.of(Map.of("INDEX_DLQ", "FALSE")).get(INDEX_DLQ)).isFalse();
    assertThatThrownBy(() -> SettingValues.of(Map.of("INDEX_DLQ", "yes")).get(INDEX_DLQ))
        .hasMessageContaining("INDEX_DLQ='yes' is not true or false");
  }

  @Test
  void aMissingRequiredSettingIsNamedWithWhatItIsFor() {
    assertThatThrownBy(() -> SettingValues.of(Map.of()).get(URL))
        .hasMessageContaining("URL is required (the endpoint)");
  }

  @Test
  void argumentsOverrideTheEnvironmentInBothForms() {
    SettingValues values =
        SettingValues.of(Map.of("POLL_INTERVAL", "PT1S", "URL", "a"))
            .withArguments(new String[] {"--poll-interval=PT2S", "URL=b"});

    assertThat(values.get(INTERVAL)).isEqualTo(Duration.ofSeconds(2));
    assertThat(values.get(URL)).isEqualTo("b");
    assertThatThrownBy(() -> values.withArguments(new String[] {"--oops"}))
        .hasMessageContaining("'--oops'");
  }

  @Test
  void aDefaultThatDoesNotParseFailsAtDeclaration() {
    assertThatThrownBy(() -> Setting.of("X", SettingTypes.DURATION, "15s", "x"))
        .hasMessageContaining("X='15s'");
  }

  @Test
  void theTableListsKeyDefaultFormUnitAndMeaning() {
    String table =
        SettingsTable.markdown(
            List.of(
                INTERVAL,
                URL,
                Setting.of("BATCH", SettingTypes.POSITIVE_INT, "10", "batch size").in("bytes")));

    assertThat(table)
        .contains("| `POLL_INTERVAL` | `PT15S` | ISO-8601 duration | time between polls |")
        .contains("| `URL` | required | text | the endpoint |")
        .contains("| `BATCH` | `10` | whole number > 0, bytes | batch size |");
  }
}
