package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.geomonitor.platform.settings.SettingsTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProducerSettingsDocsTest {

  @Test
  void theReadmeTableIsTheDeclaredSettings() {
    assertThatCode(
            () ->
                SettingsTable.requireDocumented(
                    Path.of("README.md"), "producer", ProducerConfig.SETTINGS))
        .doesNotThrowAnyException();
  }
}
