package dev.geomonitor.bench;

import org.apache.spark.sql.SparkSession;

/**
 * The bench's in-process Spark session: as the local runner's, two cores, no UI, loopback only,
 * UTC.
 */
final class BenchSpark {
  private BenchSpark() {}

  static SparkSession create() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("geomonitor-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
  }
}
