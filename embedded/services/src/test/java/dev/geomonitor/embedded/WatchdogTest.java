package dev.geomonitor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchdogTest {

  @TempDir Path dir;
  private Process service;

  @AfterEach
  void endService() {
    if (service != null) {
      service.destroyForcibly();
    }
  }

  @Test
  void signalsTheServiceWhenItsPipeCloses() throws IOException {
    // Given a long-running service guarded by a watchdog
    service = new ProcessBuilder("sleep", "300").start();
    Watchdog watchdog = Watchdog.guard(service.pid(), "TERM", "sleep", dir.resolve("watchdog.log"));

    // When the pipe closes, as it does when this JVM dies
    watchdog.fire();

    // Then the service is ended
    await().atMost(Duration.ofSeconds(10)).until(() -> !service.isAlive());
  }

  @Test
  void dismissedWatchdogLeavesTheServiceAlone() throws IOException {
    // Given
    service = new ProcessBuilder("sleep", "300").start();
    Watchdog watchdog = Watchdog.guard(service.pid(), "TERM", "sleep", dir.resolve("watchdog.log"));

    // When
    watchdog.dismiss();

    // Then
    assertThat(ProcessHandle.of(watchdog.pid()).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(service.isAlive()).isTrue();
  }
}
