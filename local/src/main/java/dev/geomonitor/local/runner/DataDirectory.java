package dev.geomonitor.local.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The runner's data directory. A marker file makes sure {@code --fresh} only ever wipes a directory
 * this runner made: a mistyped {@code --data-dir ~} must not delete a home directory.
 */
final class DataDirectory {
  static final String MARKER = ".geomonitor-data";

  private DataDirectory() {}

  static void prepare(Path dir, boolean fresh) {
    try {
      if (fresh && Files.exists(dir)) {
        if (!Files.exists(dir.resolve(MARKER))) {
          throw new IllegalArgumentException(
              "--fresh refuses to delete "
                  + dir
                  + ": it has no "
                  + MARKER
                  + " file, so it was not made by this"
                  + " runner. Choose another --data-dir or delete it yourself.");
        }
        deleteTree(dir);
      }
      if (Files.exists(dir) && !Files.exists(dir.resolve(MARKER)) && hasEntries(dir)) {
        throw new IllegalArgumentException(
            "--data-dir "
                + dir
                + " is not empty and was not made by this runner; choose an empty or new directory.");
      }
      Files.createDirectories(dir);
      if (!Files.exists(dir.resolve(MARKER))) {
        Files.writeString(
            dir.resolve(MARKER), "data directory of the geomonitor embedded pipeline\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot prepare data directory " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean hasEntries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isPresent();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
