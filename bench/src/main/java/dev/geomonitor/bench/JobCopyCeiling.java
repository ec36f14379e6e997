package dev.geomonitor.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The database's floor for what a Spark run wrote: every row the job stored (readings, aggregates,
 * alerts, rejections) copied out to spool files (not to memory: a 10 M-reading run's rows are
 * gigabytes, more than a bench heap), then timed COPY from them into empty tables of the same shape
 * (LIKE ... INCLUDING ALL: same keys and indexes), in one transaction. The job cannot write its
 * rows faster than this on the same machine.
 */
final class JobCopyCeiling {
  private static final List<String> TABLES =
      List.of("readings", "aggregates", "alerts", "rejections");

  private JobCopyCeiling() {}

  /** Seconds the COPY of the job's rows takes (the rows are read before the clock starts). */
  static double seconds(String jdbcUrl, String user, String password) {
    Path[] spools = new Path[TABLES.size()];
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      try (Statement s = c.createStatement()) {
        for (int i = 0; i < TABLES.size(); i++) {
          spools[i] = Files.createTempFile("ceiling-" + TABLES.get(i) + "-", ".copy");
          try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spools[i]))) {
            copy.copyOut("COPY pipeline_v1." + TABLES.get(i) + " TO STDOUT", out);
          }
          s.execute(
              "CREATE TABLE ceiling_"
                  + TABLES.get(i)
                  + " (LIKE pipeline_v1."
                  + TABLES.get(i)
                  + " INCLUDING ALL)");
        }
      }
      c.setAutoCommit(false);
      long start = System.nanoTime();
      for (int i = 0; i < TABLES.size(); i++) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(spools[i]), 1 << 20)) {
          copy.copyIn("COPY ceiling_" + TABLES.get(i) + " FROM STDIN", in);
        }
      }
      c.commit();
      return (System.nanoTime() - start) / 1e9;
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(
          "COPY ceiling of the job's rows in " + jdbcUrl + " failed: " + e.getMessage(), e);
    } finally {
      for (Path spool : spools) {
        if (spool != null) {
          try {
            Files.deleteIfExists(spool);
          } catch (IOException e) {
            spool.toFile().deleteOnExit();
          }
        }
      }
    }
  }
}
