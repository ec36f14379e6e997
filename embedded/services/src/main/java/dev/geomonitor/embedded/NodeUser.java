package dev.geomonitor.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The account an OpenSearch node runs as. OpenSearch refuses to run as root, so a root JVM starts
 * it as {@code nobody} (present on every Debian system) through {@code setpriv}; any other user
 * runs it as itself.
 */
record NodeUser(String name, int uid, int gid, boolean isSwitched) {

  static final String UNPRIVILEGED = "nobody";

  static NodeUser forThisProcess() {
    int uid = attribute(Path.of("/proc/self"), "unix:uid");
    if (uid != 0) {
      return new NodeUser(
          System.getProperty("user.name"),
          uid,
          attribute(Path.of("/proc/self"), "unix:gid"),
          false);
    }
    return lookUp(UNPRIVILEGED);
  }

  private static NodeUser lookUp(String account) {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
        String[] fields = line.split(":");
        if (fields.length > 3 && fields[0].equals(account)) {
          return new NodeUser(
              account, Integer.parseInt(fields[2]), Integer.parseInt(fields[3]), true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /etc/passwd to find the account " + account, e);
    }
    throw new IllegalStateException(
        "this JVM runs as root and OpenSearch refuses root, but the account '"
            + account
            + "' to run it as does not exist; run the tests as a normal user");
  }

  /** Command prefix that runs the rest of the command as this user. */
  List<String> commandPrefix() {
    if (!isSwitched) {
      return List.of();
    }
    return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--");
  }

  /**
   * True when this user can reach {@code dir}: every directory on the way needs search permission
   * for it. Only "others" bits are checked for a switched user, who owns none of them.
   */
  boolean canReach(Path dir) {
    if (!isSwitched) {
      return true;
    }
    for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
      try {
        if (Files.exists(p)
            && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /** Hands {@code root} and everything under it to this user (no-op when not switched). */
  void own(Path root) {
    if (!isSwitched) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hand " + root + " to " + name, e);
    }
  }

  private static int attribute(Path path, String name) {
    try {
      return (Integer) Files.getAttribute(path, name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " of " + path, e);
    }
  }

  static Set<PosixFilePermission> searchable() {
    return Set.of(
        PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.GROUP_READ,
        PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ,
        PosixFilePermission.OTHERS_EXECUTE);
  }
}
