package dev.geomonitor.alarms;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.geomonitor.platform.settings.SettingsTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AlarmSettingsDocsTest {

  @Test
  void theReadmeTableIsTheDeclaredSettings() {
    assertThatCode(
            () ->
                SettingsTable.requireDocumented(
                    Path.of("README.md"), "alarms", AlarmConfig.SETTINGS))
        .doesNotThrowAnyException();
  }

  @Test
  void theReadmeTableIsTheFunctionsDeclaredSettings() {
    assertThatCode(
            () ->
                SettingsTable.requireDocumented(
                    Path.of("README.md"),
                    "alarm-functions",
                    dev.geomonitor.alarms.lambda.FunctionSettings.SETTINGS))
        .doesNotThrowAnyException();
  }
}
