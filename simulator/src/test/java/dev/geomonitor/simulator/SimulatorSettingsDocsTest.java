package dev.geomonitor.simulator;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.geomonitor.platform.settings.SettingsTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SimulatorSettingsDocsTest {

  @Test
  void theReadmeTableIsTheDeclaredSettings() {
    assertThatCode(
            () ->
                SettingsTable.requireDocumented(
                    Path.of("README.md"), "simulator", LambdaSettings.SETTINGS))
        .doesNotThrowAnyException();
  }
}
