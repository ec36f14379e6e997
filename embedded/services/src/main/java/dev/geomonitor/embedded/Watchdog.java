package dev.geomonitor.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Ends a service process that cannot watch its own stdin (PostgreSQL, OpenSearch) when this JVM
 * dies.
 *
 * <p>A {@code sh} process blocks reading a pipe whose write end only this JVM holds; when the JVM
 * exits in any way, SIGKILL included, the kernel closes the pipe, {@code cat} returns and the shell
 * sends the signal to the service. A normal stop {@linkplain #dismiss() dismisses} the watchdog
 * first, so it never signals a process id that the system may since have handed to someone else.
 */
final class Watchdog {

  private final ChildProcess shell;

  private Watchdog(ChildProcess shell) {
    this.shell = shell;
  }

  /** Sends {@code signal} (e.g. {@code INT}) to {@code pid} once this JVM is gone. */
  static Watchdog guard(long pid, String signal, String service, Path logFile) {
    if (!signal.matches("[A-Z]+")) {
      throw new IllegalArgumentException(
          "signal name expected, such as TERM or INT, got " + signal);
    }
    String script = "cat > /dev/null; kill -s " + signal + " " + pid;
    return new Watchdog(
        ChildProcess.launch(
            "watchdog of " + service,
            List.of("/bin/sh", "-c", script),
            Map.of(),
            logFile.getParent(),
            logFile));
  }

  long pid() {
    return shell.pid();
  }

  /** Stops watching without signalling the service. */
  void dismiss() {
    shell.kill();
  }

  /** Signals the service now, as a dying JVM would. */
  void fire() {
    shell.stop(Duration.ofSeconds(5));
  }
}
