package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.platform.kafka.KafkaAuth;
import dev.geomonitor.platform.settings.SettingsTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploySettingsDocsTest {

  @Test
  void theReadmeTableIsTheDeclaredSettings() {
    assertThatCode(
            () ->
                SettingsTable.requireDocumented(
                    Path.of("README.md"), "deploy", DeployEnvironment.SETTINGS))
        .doesNotThrowAnyException();
  }

  @Test
  void theEnvironmentIsReadWithTheSharedConventions() {
    DeployEnvironment env =
        DeployEnvironment.fromSettings(Map.of("KAFKA_AUTH", "iam", "DEPLOY_CALL_TIMEOUT", "PT2M"));

    assertThat(env.kafkaAuth()).isEqualTo(KafkaAuth.IAM);
    assertThat(env.timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(env.dbSslMode()).isEqualTo("require");
    assertThatThrownBy(() -> DeployEnvironment.fromSettings(Map.of("KAFKA_AUTH", "AWS_MSK_IAM")))
        .hasMessageContaining("KAFKA_AUTH='AWS_MSK_IAM'");
  }
}
