package dev.geomonitor.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The OpenSearch distribution the build fetched into the local Maven repository, unpacked once per
 * machine (and user) into a world-readable directory outside any home directory, so an unprivileged
 * node user can run it.
 */
final class OpenSearchDistribution {

  private static final String RESOURCE =
      "/dev/geomonitor/embedded/opensearch-distribution.properties";

  private OpenSearchDistribution() {}

  /**
   * The unpacked distribution home ({@code bin/opensearch}, {@code lib/}, {@code config/}, ...).
   */
  static Path home(NodeUser user) {
    Properties recorded = recorded();
    String version = recorded.getProperty("version");
    Path zip = Path.of(recorded.getProperty("zip"));
    Path cacheRoot = Path.of(user.isSwitched() ? "/var/tmp" : System.getProperty("java.io.tmpdir"));
    Path home = cacheRoot.resolve("geomonitor-opensearch-" + version + "-for-" + user.name());
    if (Files.isExecutable(home.resolve("bin/opensearch"))) {
      return home;
    }
    if (!Files.isReadable(zip)) {
      throw new IllegalStateException(
          "OpenSearch distribution "
              + zip
              + " is missing; build embedded/services (./mvnw -pl embedded/services install) to fetch it");
    }
    unpackAtomically(zip, "opensearch-" + version + "/", home);
    return home;
  }

  private static Properties recorded() {
    Properties props = new Properties();
    try (InputStream in = OpenSearchDistribution.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " not found: embedded-services was built without its resources");
      }
      props.load(in);
      return props;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * Unpacks into a private sibling, then renames: concurrent test JVMs never see a half-unpacked
   * home.
   */
  private static void unpackAtomically(Path zip, String prefix, Path home) {
    Path staging = home.resolveSibling(home.getFileName() + ".unpacking-" + UUID.randomUUID());
    try {
      unpack(zip, prefix, staging);
      try {
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // Another JVM finished first (or left an empty dir); use what is there when it is complete.
        deleteTree(staging);
        if (!Files.isExecutable(home.resolve("bin/opensearch"))) {
          throw new IllegalStateException(
              home + " exists but holds no usable OpenSearch; delete it and start again", e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + zip + " into " + home, e);
    }
  }

  private static void unpack(Path zip, String prefix, Path target) throws IOException {
    Files.createDirectories(target);
    try (ZipFile archive = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = archive.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (!entry.getName().startsWith(prefix) || entry.getName().equals(prefix)) {
          continue;
        }
        String relative = entry.getName().substring(prefix.length());
        Path destination = target.resolve(relative).normalize();
        if (!destination.startsWith(target)) {
          throw new IOException("zip entry " + entry.getName() + " points outside " + target);
        }
        if (entry.isDirectory()) {
          Files.createDirectories(destination);
          continue;
        }
        Files.createDirectories(destination.getParent());
        try (InputStream in = archive.getInputStream(entry)) {
          Files.copy(in, destination);
        }
        // java.util.zip drops Unix modes: scripts in bin/ must be runnable, everything readable by
        // the node user.
        boolean script =
            relative.startsWith("bin/") && !relative.endsWith(".bat") && !relative.endsWith(".exe");
        Files.setPosixFilePermissions(
            destination, PosixFilePermissions.fromString(script ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    try (Stream<Path> paths = Files.walk(target)) {
      for (Path dir : paths.filter(Files::isDirectory).toList()) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
