package dev.geomonitor.local.runner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Checks a port before anything starts, so "port in use" is the first and clearest error, not a
 * stack trace.
 */
final class Ports {
  private Ports() {}

  static void requireFree(int port, String option) {
    if (port == 0) {
      return;
    }
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "port "
              + port
              + " is in use ("
              + option
              + "): stop what listens there or pass "
              + option
              + " <another port> (0 picks a free one)");
    }
  }
}
