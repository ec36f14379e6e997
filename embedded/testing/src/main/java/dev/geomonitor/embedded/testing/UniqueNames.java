package dev.geomonitor.embedded.testing;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names no other test of the run uses, so tests sharing one broker, server or node do not see each
 * other's data. All are lower case letters, digits, '_' and '-' as the services accept them.
 */
public final class UniqueNames {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private UniqueNames() {}

  /** e.g. {@code it3k2x}: a stem, a run-wide sequence number and a random suffix. */
  public static String unique(String stem) {
    return stem.toLowerCase(Locale.ROOT)
        + SEQUENCE.incrementAndGet()
        + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
  }

  /** A topic prefix ending in '.', for {@code Topics.withPrefix}. */
  public static String topicPrefix(String stem) {
    return unique(stem) + ".";
  }

  /** A PostgreSQL database or schema name: letters, digits and '_' only. */
  public static String database(String stem) {
    return unique(stem).replace('-', '_');
  }

  /** An OpenSearch index prefix ending in '-'. */
  public static String indexPrefix(String stem) {
    return unique(stem) + "-";
  }
}
