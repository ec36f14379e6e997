package dev.geomonitor.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one node keeps its config, data and logs: {@code WORKDIR/opensearch-as-USER}. The user is
 * part of the name because a root run writes its files as {@code nobody} and a later run as another
 * user could not use them (nor the reverse): each account gets its own node dir and neither breaks
 * the other.
 *
 * <p>A root JVM hands the node dir to {@code nobody}, which must be able to reach it. When {@code
 * WORKDIR} sits under a directory closed to others (JUnit's {@code @TempDir} is mode 700), the node
 * dir moves to {@code /tmp/geomonitor-opensearch-nodes/<hash of WORKDIR>} and {@code
 * WORKDIR/opensearch-as-nobody} becomes a symbolic link to it. Such relocated dirs whose work dir
 * no longer exists are deleted at the next start.
 */
final class OpenSearchNodeFiles {

  private static final Logger LOG = LoggerFactory.getLogger(OpenSearchNodeFiles.class);
  static final Path RELOCATION_ROOT = Path.of("/tmp/geomonitor-opensearch-nodes");

  private final Path nodeDir;

  private OpenSearchNodeFiles(Path nodeDir) {
    this.nodeDir = nodeDir;
  }

  static OpenSearchNodeFiles prepare(Path workDir, NodeUser user, Path distribution) {
    Path abs = workDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs);
      Path link = abs.resolve("opensearch-as-" + user.name());
      Path nodeDir = link;
      if (Files.isSymbolicLink(link)) {
        nodeDir = Files.readSymbolicLink(link);
      } else if (!Files.exists(link) && !user.canReach(abs)) {
        sweepAbandoned();
        nodeDir = RELOCATION_ROOT.resolve(hash(abs));
        Files.createDirectories(nodeDir);
        Files.writeString(nodeDir.resolve("work-dir"), abs.toString(), StandardCharsets.UTF_8);
        Files.createSymbolicLink(link, nodeDir);
        LOG.info("{} cannot reach {}; its node dir is {}", user.name(), abs, nodeDir);
      }
      OpenSearchNodeFiles files = new OpenSearchNodeFiles(nodeDir);
      files.writeConfig(distribution);
      Files.createDirectories(files.dataDir());
      Files.createDirectories(files.logsDir());
      Files.createDirectories(files.tmpDir());
      Files.setPosixFilePermissions(nodeDir, NodeUser.searchable());
      user.own(nodeDir);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the OpenSearch node dir in " + abs, e);
    }
  }

  Path nodeDir() {
    return nodeDir;
  }

  Path configDir() {
    return nodeDir.resolve("config");
  }

  Path dataDir() {
    return nodeDir.resolve("data");
  }

  Path logsDir() {
    return nodeDir.resolve("logs");
  }

  Path tmpDir() {
    return nodeDir.resolve("tmp");
  }

  /** Console output of the node (written by the launching JVM). */
  Path consoleLog() {
    return nodeDir.resolve("console.log");
  }

  private Path portsFile() {
    return nodeDir.resolve("ports.properties");
  }

  /** HTTP and transport ports of an earlier start in this node dir. */
  Optional<int[]> previousPorts() {
    if (!Files.exists(portsFile())) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(portsFile(), StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + portsFile(), e);
    }
    return Optional.of(
        new int[] {
          Integer.parseInt(props.getProperty("http")),
          Integer.parseInt(props.getProperty("transport"))
        });
  }

  void rememberPorts(int http, int transport) {
    Properties props = new Properties();
    props.setProperty("http", Integer.toString(http));
    props.setProperty("transport", Integer.toString(transport));
    try (Writer writer = Files.newBufferedWriter(portsFile(), StandardCharsets.UTF_8)) {
      props.store(writer, "ports of this OpenSearch node; reused by every start in this dir");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + portsFile(), e);
    }
  }

  /**
   * Copies the distribution's config once. jvm.options names paths relative to the working
   * directory, which is the read-only distribution home: they are pointed into this node dir, and
   * GC logs are kept small.
   */
  private void writeConfig(Path distribution) throws IOException {
    if (Files.exists(configDir().resolve("jvm.options"))) {
      return;
    }
    Path source = distribution.resolve("config");
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path from : paths.toList()) {
        Path to = configDir().resolve(source.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
    List<String> options = new ArrayList<>();
    for (String line : Files.readAllLines(configDir().resolve("jvm.options"))) {
      options.add(
          line.replace("-XX:HeapDumpPath=data", "-XX:HeapDumpPath=" + logsDir())
              .replace("-XX:ErrorFile=logs/", "-XX:ErrorFile=" + logsDir() + "/")
              .replace("file=logs/gc.log", "file=" + logsDir().resolve("gc.log"))
              .replace("filecount=32,filesize=64m", "filecount=2,filesize=8m"));
    }
    Files.write(configDir().resolve("jvm.options"), options);
  }

  /**
   * Deletes relocated node dirs whose work dir is gone (a finished test's {@code @TempDir}) and
   * whose node is down.
   */
  private static void sweepAbandoned() throws IOException {
    if (!Files.isDirectory(RELOCATION_ROOT)) {
      Files.createDirectories(RELOCATION_ROOT);
      Files.setPosixFilePermissions(RELOCATION_ROOT, NodeUser.searchable());
      return;
    }
    try (Stream<Path> entries = Files.list(RELOCATION_ROOT)) {
      for (Path entry : entries.toList()) {
        Path marker = entry.resolve("work-dir");
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        Path owner = Path.of(Files.readString(marker, StandardCharsets.UTF_8).trim());
        if (!Files.exists(owner) && !nodeRunning(entry)) {
          OpenSearchDistribution.deleteTree(entry);
        }
      }
    }
  }

  private static boolean nodeRunning(Path nodeDir) throws IOException {
    Path pidFile = nodeDir.resolve("node.pid");
    if (!Files.exists(pidFile)) {
      return false;
    }
    long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent();
  }

  void recordPid(long pid) {
    try {
      Files.writeString(nodeDir.resolve("node.pid"), Long.toString(pid), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + nodeDir.resolve("node.pid"), e);
    }
  }

  private static String hash(Path workDir) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(workDir.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
