package dev.geomonitor.job;

import org.apache.spark.sql.SparkSession;

/**
 * One local[2] session per test JVM: starting Spark costs seconds, and every test class can share
 * it.
 */
final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("spark-job-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.sql.session.timeZone", "UTC")
              // Both, or task results bigger than 1 MB (fetched through the block manager) go to an
              // unbound address.
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.driver.host", "127.0.0.1")
              .getOrCreate();
    }
    return session;
  }
}
