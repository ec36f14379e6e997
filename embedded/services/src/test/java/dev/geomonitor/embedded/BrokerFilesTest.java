package dev.geomonitor.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerFilesTest {

  @TempDir Path workDir;

  @Test
  void clusterIdIsA22CharacterBase64UrlUuid() {
    assertThat(BrokerFiles.newClusterId()).matches("[A-Za-z0-9_-]{22}");
  }

  @Test
  void clusterIdNeverStartsWithADashThatTheStorageToolWouldReadAsAnOption() {
    for (int i = 0; i < 5000; i++) {
      assertThat(BrokerFiles.newClusterId()).doesNotStartWith("-").hasSize(22);
    }
  }

  @Test
  void identityWrittenIsReadBackForTheNextStart() {
    // Given
    BrokerFiles files = new BrokerFiles(workDir);
    BrokerFiles.BrokerIdentity identity = BrokerFiles.newIdentity(41001, 41002);

    // When
    files.write(identity, Map.of());

    // Then
    assertThat(new BrokerFiles(workDir).previousIdentity()).contains(identity);
  }

  @Test
  void serverPropertiesListenOnLoopbackAndLetCallersOverrideDefaults() throws IOException {
    // Given
    BrokerFiles files = new BrokerFiles(workDir);

    // When
    files.write(BrokerFiles.newIdentity(41001, 41002), Map.of("num.partitions", "4"));

    // Then
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(files.serverProperties())) {
      props.load(reader);
    }
    assertThat(props.getProperty("listeners"))
        .isEqualTo("PLAINTEXT://127.0.0.1:41001,CONTROLLER://127.0.0.1:41002");
    assertThat(props.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:41002");
    assertThat(props.getProperty("auto.create.topics.enable")).isEqualTo("false");
    assertThat(props.getProperty("num.partitions")).isEqualTo("4");
    assertThat(props.getProperty("log.dirs")).isEqualTo(files.dataDir().toString());
  }
}
