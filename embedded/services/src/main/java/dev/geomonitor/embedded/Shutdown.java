package dev.geomonitor.embedded;

import java.util.Arrays;
import java.util.List;

/**
 * Stopping a set of services: every one is closed even when an earlier one fails, so nothing is
 * left running.
 */
public final class Shutdown {
  private Shutdown() {}

  /**
   * Closes {@code resources} in the order given (nulls skipped). Throws the first failure, naming
   * {@code what}, with the later ones suppressed into it.
   */
  public static void closeAll(String what, List<? extends AutoCloseable> resources) {
    IllegalStateException first = null;
    for (AutoCloseable resource : resources) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("stopping " + what + " failed: " + e.getMessage(), e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  public static void closeAll(String what, AutoCloseable... resources) {
    closeAll(what, Arrays.asList(resources));
  }
}
