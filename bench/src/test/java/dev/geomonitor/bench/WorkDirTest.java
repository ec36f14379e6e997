package dev.geomonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirTest {
  @Test
  void aGivenDirectoryIsUsedAsItIs(@TempDir Path given) throws Exception {
    assertThat(WorkDir.of(given, "x-")).isEqualTo(given);
  }

  @Test
  void aRunsTreeIsRemovedWhole() throws Exception {
    Path made = WorkDir.of(null, "geomonitor-workdir-test-");
    Files.createDirectories(made.resolve("kafka/logs"));
    Files.writeString(made.resolve("kafka/logs/segment"), "data");

    WorkDir.deleteQuietly(made);

    assertThat(made).doesNotExist();
  }
}
