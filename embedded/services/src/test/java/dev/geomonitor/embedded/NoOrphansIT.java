package dev.geomonitor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoOrphansIT {

  @TempDir Path dir;
  private Process host;
  private List<Long> servicePids = List.of();

  @AfterEach
  void endEverything() {
    if (host != null) {
      host.destroyForcibly();
    }
    servicePids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  @Test
  void servicesEndWhenTheJvmThatStartedThemIsKilled() throws Exception {
    // Given a JVM running a broker, a PostgreSQL server and an OpenSearch node
    host =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                ServicesHost.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    servicePids = readPids(host);
    assertThat(servicePids).hasSize(3).allMatch(pid -> ProcessHandle.of(pid).isPresent());

    // When that JVM is killed without a chance to run shutdown hooks
    host.destroyForcibly();
    host.waitFor();

    // Then none of the services outlives it
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                assertThat(servicePids)
                    .noneMatch(
                        pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()));
  }

  private static List<Long> readPids(Process host) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PIDS ")) {
        return Arrays.stream(line.substring(5).trim().split(" ")).map(Long::valueOf).toList();
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("services host exited before printing pids:\n" + seen);
  }
}
