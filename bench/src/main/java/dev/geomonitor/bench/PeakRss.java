package dev.geomonitor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process's peak resident set size (VmHWM in /proc/PID/status), the memory figure of the bench.
 */
public final class PeakRss {
  private PeakRss() {}

  /** Peak RSS in bytes; empty when the process is gone or the kernel has no /proc (not Linux). */
  public static OptionalLong of(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    try {
      return parse(Files.readString(status));
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  static OptionalLong parse(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        String kb = line.substring("VmHWM:".length()).replace("kB", "").trim();
        return OptionalLong.of(Long.parseLong(kb) * 1024);
      }
    }
    return OptionalLong.empty();
  }
}
