package dev.geomonitor.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSearchNodeFilesTest {

  @TempDir Path temp;
  private Path distribution;
  private final NodeUser me = new NodeUser("tester", 1000, 1000, false);

  @BeforeEach
  void fakeDistribution() throws IOException {
    distribution = temp.resolve("dist");
    Files.createDirectories(distribution.resolve("config/jvm.options.d"));
    Files.write(
        distribution.resolve("config/jvm.options"),
        List.of(
            "-Xms1g",
            "-XX:HeapDumpPath=data",
            "-XX:ErrorFile=logs/hs_err_pid%p.log",
            "9-:-Xlog:gc*,gc+age=trace,safepoint:file=logs/gc.log:utctime,pid,tags:filecount=32,filesize=64m"));
    Files.writeString(distribution.resolve("config/opensearch.yml"), "# defaults\n");
  }

  @Test
  void nodeDirIsNamedAfterTheUserSoAccountsNeverShareFiles() {
    // When
    OpenSearchNodeFiles files = OpenSearchNodeFiles.prepare(temp.resolve("work"), me, distribution);

    // Then
    assertThat(files.nodeDir()).isEqualTo(temp.resolve("work/opensearch-as-tester"));
    assertThat(files.configDir().resolve("opensearch.yml")).exists();
    assertThat(files.dataDir()).isDirectory();
  }

  @Test
  void relativePathsInJvmOptionsPointIntoTheNodeDir() throws IOException {
    // When
    OpenSearchNodeFiles files = OpenSearchNodeFiles.prepare(temp.resolve("work"), me, distribution);

    // Then
    List<String> options = Files.readAllLines(files.configDir().resolve("jvm.options"));
    assertThat(options)
        .contains(
            "-Xms1g",
            "-XX:HeapDumpPath=" + files.logsDir(),
            "-XX:ErrorFile=" + files.logsDir() + "/hs_err_pid%p.log",
            "9-:-Xlog:gc*,gc+age=trace,safepoint:file="
                + files.logsDir().resolve("gc.log")
                + ":utctime,pid,tags:filecount=2,filesize=8m");
  }

  @Test
  void portsChosenOnceAreFoundByTheNextPreparationOfTheSameDir() {
    // Given
    OpenSearchNodeFiles.prepare(temp.resolve("work"), me, distribution).rememberPorts(42001, 42002);

    // When
    OpenSearchNodeFiles again = OpenSearchNodeFiles.prepare(temp.resolve("work"), me, distribution);

    // Then
    assertThat(again.previousPorts())
        .hasValueSatisfying(ports -> assertThat(ports).containsExactly(42001, 42002));
  }

  @Test
  void anotherAccountCannotReachADirUnderAPrivateDirectory() throws IOException {
    // Given JUnit's temp dir, mode 700
    NodeUser nobody = new NodeUser("nobody", 65534, 65534, true);
    Path inside = Files.createDirectories(temp.resolve("a/b"));
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx------"));

    // Then
    assertThat(nobody.canReach(inside)).isFalse();
    assertThat(nobody.canReach(Path.of("/tmp"))).isTrue();
    assertThat(me.canReach(inside)).isTrue();
  }
}
