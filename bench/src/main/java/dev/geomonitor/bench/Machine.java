package dev.geomonitor.bench;

import java.lang.management.ManagementFactory;

/**
 * What the figures were measured on: they only compare with figures from a similar machine and
 * load.
 */
public record Machine(int cores, String jdk, String os, double loadAverageAtStart) {

  public static Machine current() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
