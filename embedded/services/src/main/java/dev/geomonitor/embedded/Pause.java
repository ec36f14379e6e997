package dev.geomonitor.embedded;

/**
 * The one polling interval of the launchers while they wait for a service to come up or go away.
 */
final class Pause {

  private Pause() {}

  static void briefly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a service", e);
    }
  }
}
