package dev.geomonitor.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The node JVM's options as the distribution's own JvmOptionsParser computes them from the node's
 * config dir and heap. bin/opensearch runs that parser, a Java version check and a keystore check
 * (three JVMs) before every start; the launcher runs the parser once per node dir and heap, keeps
 * the answer, and starts the node JVM directly.
 */
final class OpenSearchJvmOptions {

  private OpenSearchJvmOptions() {}

  static List<String> resolve(Path distribution, OpenSearchNodeFiles files, String heap) {
    Path cached = files.nodeDir().resolve("jvm-options-" + heap + ".txt");
    try {
      if (!Files.exists(cached)) {
        Path output = files.nodeDir().resolve("jvm-options-" + heap + ".out");
        ChildProcess parser =
            ChildProcess.launch(
                "OpenSearch JvmOptionsParser",
                List.of(
                    java(),
                    "-cp",
                    distribution.resolve("lib").toString() + "/*",
                    "org.opensearch.tools.launchers.JvmOptionsParser",
                    files.configDir().toString()),
                Map.of(
                    "OPENSEARCH_JAVA_OPTS", heapOptions(heap),
                    "OPENSEARCH_TMPDIR", files.tmpDir().toString()),
                distribution,
                output);
        int exit = parser.awaitExit(Duration.ofSeconds(60));
        if (exit != 0) {
          throw new IllegalStateException(
              "OpenSearch's JvmOptionsParser failed (exit "
                  + exit
                  + "); see "
                  + output
                  + "\n"
                  + parser.logTail());
        }
        Files.move(output, cached);
      }
      // Same word splitting as bin/opensearch applies to the parser's output.
      return Arrays.stream(Files.readString(cached, StandardCharsets.UTF_8).trim().split("\\s+"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve OpenSearch JVM options into " + cached, e);
    }
  }

  /** AlwaysPreTouch would commit the whole heap at start: ~300 MB RSS instead of ~700. */
  static String heapOptions(String heap) {
    return "-Xms" + heap + " -Xmx" + heap + " -XX:-AlwaysPreTouch";
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
