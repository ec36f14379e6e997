package dev.geomonitor.local.runner;

import org.apache.spark.sql.SparkSession;

/** The in-process Spark session of the embedded pipeline: two cores, no UI, loopback only, UTC. */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession create() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("geomonitor-local")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }
}
