package dev.geomonitor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a bench run keeps its services' data: the directory the user gave (kept), or a new
 * temporary one removed when the JVM exits. A 10 M-reading run leaves about 20 GB of broker and
 * database files; left behind, a few runs fill a disk.
 */
final class WorkDir {
  private WorkDir() {}

  /** {@code given} when set, else a new temporary directory deleted at exit. */
  static Path of(Path given, String prefix) throws IOException {
    if (given != null) {
      return given;
    }
    Path made = Files.createTempDirectory(prefix);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> deleteQuietly(made), "bench-work-dir-cleanup"));
    return made;
  }

  /** Deletes {@code root} and everything below it; what cannot be deleted is left and named. */
  static void deleteQuietly(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not remove the bench's work directory " + root + ": " + e);
    }
  }
}
