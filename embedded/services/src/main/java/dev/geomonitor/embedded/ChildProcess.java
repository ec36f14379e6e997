package dev.geomonitor.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service process started by this JVM: output appended to a log file, stdin held open as a
 * lifeline (the child exits when it closes, see the broker's ParentBoundMain and the OpenSearch
 * watchdog), and registered with a shutdown hook so a normal JVM exit stops it too.
 */
final class ChildProcess {

  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
  private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ChildProcess::stopAllAtExit, "embedded-services-shutdown"));
  }

  private final String description;
  private final Process process;
  private final OutputStream lifeline;
  private final Path logFile;

  private ChildProcess(String description, Process process, Path logFile) {
    this.description = description;
    this.process = process;
    this.lifeline = process.getOutputStream();
    this.logFile = logFile;
  }

  static ChildProcess launch(
      String description,
      List<String> command,
      Map<String, String> environment,
      Path workingDir,
      Path logFile) {
    try {
      Files.createDirectories(logFile.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workingDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().putAll(environment);
      ChildProcess child = new ChildProcess(description, builder.start(), logFile);
      LIVE.add(child);
      child.process.onExit().thenRun(() -> LIVE.remove(child));
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + description + " with " + command, e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path logFile() {
    return logFile;
  }

  /**
   * Exit code, waiting at most {@code timeout}; fails naming the log file when the process is still
   * running.
   */
  int awaitExit(Duration timeout) {
    if (!waitFor(timeout)) {
      throw new IllegalStateException(
          description
              + " did not finish within "
              + timeout
              + "; see "
              + logFile
              + "\n"
              + logTail());
    }
    return process.exitValue();
  }

  /**
   * Closes the lifeline so the child shuts down by itself; escalates to SIGTERM and then SIGKILL
   * when it takes longer than {@code grace}.
   */
  void stop(Duration grace) {
    closeLifeline();
    if (waitFor(grace)) {
      return;
    }
    LOG.warn("{} still running {} after its stdin closed; sending SIGTERM", description, grace);
    process.destroy();
    if (waitFor(grace)) {
      return;
    }
    LOG.warn("{} ignored SIGTERM for {}; killing it", description, grace);
    kill();
  }

  /**
   * SIGTERM, escalating to SIGKILL after {@code grace}; for services that do not read their stdin.
   */
  void terminate(Duration grace) {
    process.destroy();
    if (!waitFor(grace)) {
      LOG.warn("{} ignored SIGTERM for {}; killing it", description, grace);
      kill();
    }
    closeLifeline();
  }

  /** SIGKILL, as a crash would; returns once the process is gone. */
  void kill() {
    process.destroyForcibly();
    if (!waitFor(Duration.ofSeconds(30))) {
      throw new IllegalStateException(
          description + " (pid " + pid() + ") survived SIGKILL for 30 s");
    }
    closeLifeline();
  }

  /** The last lines of the log, for error messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log " + logFile + " unreadable: " + e + ")";
    }
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + description, e);
    }
  }

  private void closeLifeline() {
    try {
      lifeline.close();
    } catch (IOException e) {
      // The pipe is already broken when the child has exited; nothing is left to close.
      LOG.debug("closing stdin of {} failed: {}", description, e.toString());
    }
  }

  private static void stopAllAtExit() {
    for (ChildProcess child : List.copyOf(LIVE)) {
      child.stop(Duration.ofSeconds(10));
    }
  }

  @Override
  public String toString() {
    return description + " (pid " + pid() + ", log " + logFile + ")";
  }
}
