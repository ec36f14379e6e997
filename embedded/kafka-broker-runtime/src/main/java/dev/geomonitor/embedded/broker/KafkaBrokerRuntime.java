package dev.geomonitor.embedded.broker;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the broker's jars are. The build records the resolved runtime classpath of this module
 * (absolute paths in the local Maven repository) in a resource; this class adds the jar (or classes
 * directory) it was loaded from.
 */
public final class KafkaBrokerRuntime {

  static final String CLASSPATH_RESOURCE = "/dev/geomonitor/embedded/broker/kafka-broker.classpath";

  /** Main class of the broker JVM; see {@link ParentBoundMain}. */
  public static final String PARENT_BOUND_MAIN = ParentBoundMain.class.getName();

  private KafkaBrokerRuntime() {}

  /** The broker JVM's classpath; every entry exists. */
  public static List<Path> classpath() {
    List<Path> entries = new ArrayList<>();
    entries.add(ownLocation());
    for (String entry : recordedClasspath().split(":")) {
      if (!entry.isBlank()) {
        entries.add(Path.of(entry.trim()));
      }
    }
    for (Path entry : entries) {
      if (!Files.exists(entry)) {
        throw new IllegalStateException(
            "Kafka broker classpath entry "
                + entry
                + " is missing; rebuild embedded/kafka-broker-runtime (./mvnw -pl embedded/kafka-broker-runtime"
                + " install) so its jars are downloaded again");
      }
    }
    return List.copyOf(entries);
  }

  private static String recordedClasspath() {
    try (InputStream in = KafkaBrokerRuntime.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource "
                + CLASSPATH_RESOURCE
                + " not found: kafka-broker-runtime was built without its generate-resources phase");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + CLASSPATH_RESOURCE, e);
    }
  }

  private static Path ownLocation() {
    try {
      return Path.of(
          KafkaBrokerRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the kafka-broker-runtime jar", e);
    }
  }
}
