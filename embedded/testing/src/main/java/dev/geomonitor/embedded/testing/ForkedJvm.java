package dev.geomonitor.embedded.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class in a child JVM of its own, for crash tests: the test JVM's classpath and module
 * flags (Spark's {@code --add-opens} list and {@code -Djdk.reflect.useDirectMethodHandle}, from the
 * failsafe argLine), a capped heap, output appended to a log file. {@link #kill()} is SIGKILL on
 * Linux: no shutdown hook, no finally block runs in the child.
 */
public final class ForkedJvm implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ForkedJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with {@code jvmOptions} (e.g. {@code -Xmx768m}, {@code -Dk=v}) and
   * {@code args}.
   */
  public static ForkedJvm start(
      String mainClass, List<String> jvmOptions, List<String> args, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-Djdk.reflect")) {
        command.add(arg);
      }
    }
    command.add("-XX:+UseParallelGC");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new ForkedJvm(p, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mainClass + " in a child JVM", e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /** SIGKILL, as a crash of the machine's JVM would end it; returns once the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing pid " + process.pid(), e);
    }
  }

  /** Waits for the child to end by itself; false when it is still running after {@code timeout}. */
  public boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
