package dev.geomonitor.bench;

import dev.geomonitor.batchstore.BatchContent;
import dev.geomonitor.batchstore.BatchCounts;
import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.bench.Workload.RawRecord;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.LatLon;
import dev.geomonitor.domain.MgaProjection;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Reading;
import dev.geomonitor.domain.ReadingDecoder;
import dev.geomonitor.domain.TriggerStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Rows/s as the job writes readings (BatchStore.writeBatch: one transaction per micro-batch,
 * ledger, upsert) against a plain COPY of exactly the same rows into a table of the same shape.
 */
public final class PostgresStage {
  /** The job's default MAX_OFFSETS_PER_TRIGGER: a backlog arrives in micro-batches of this size. */
  static final int BATCH_ROWS = 100_000;

  private static final PipelineVersion VERSION = PipelineVersion.parse("v1");

  private PostgresStage() {}

  public static Figure run(
      BenchServices services, List<RawRecord> workload, int repeat, Consumer<String> console) {
    List<EnrichedReading> readings = enriched(workload);
    List<Double> store = new ArrayList<>();
    List<Double> copy = new ArrayList<>();
    for (int r = 1; r <= repeat; r++) {
      String url = services.createDatabase("bench_pg_" + r + "_" + System.nanoTime() % 100_000);
      BatchStore batchStore =
          new BatchStore(
              new BatchStoreConfig(
                      url, services.postgres().username(), services.postgres().password())
                  .withApplicationName("geomonitor-bench"));
      batchStore.migrate(VERSION);
      long start = System.nanoTime();
      long batchId = 0;
      for (int from = 0; from < readings.size(); from += BATCH_ROWS) {
        List<EnrichedReading> chunk =
            readings.subList(from, Math.min(readings.size(), from + BATCH_ROWS));
        batchStore.writeBatch(
            VERSION,
            "readings-v1",
            batchId++,
            BatchContent.ofReadings(chunk, List.of(), List.of(), BatchCounts.unknown()));
      }
      store.add(readings.size() / ((System.nanoTime() - start) / 1e9));
      copy.add(copyCeiling(url, services, readings.size(), r));
      console.accept(
          String.format(
              "  PostgreSQL run %d: writeBatch %.0f rows/s, COPY %.0f rows/s",
              r, store.get(r - 1), copy.get(r - 1)));
    }
    return new Figure(
        "PostgreSQL write",
        "readings rows via BatchStore.writeBatch",
        "rows/s",
        store,
        "COPY of the same rows (CopyManager)",
        copy,
        ">= 0.7 x COPY");
  }

  /**
   * Copies the rows writeBatch stored out to memory, then times COPY of them into an empty table of
   * that shape.
   */
  private static double copyCeiling(String url, BenchServices services, long expected, int run) {
    String table = VERSION.schema() + ".readings";
    try (Connection c =
        DriverManager.getConnection(
            url, services.postgres().username(), services.postgres().password())) {
      CountCheck.require("PostgreSQL run " + run, "rows in " + table, expected, count(c, table));
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      ByteArrayOutputStream rows = new ByteArrayOutputStream();
      copy.copyOut("COPY " + table + " TO STDOUT", rows);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE bench_copy_target (LIKE " + table + " INCLUDING ALL)");
      }
      long start = System.nanoTime();
      copy.copyIn(
          "COPY bench_copy_target FROM STDIN", new ByteArrayInputStream(rows.toByteArray()));
      double seconds = (System.nanoTime() - start) / 1e9;
      CountCheck.require(
          "COPY run " + run, "rows in bench_copy_target", expected, count(c, "bench_copy_target"));
      return expected / seconds;
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("COPY ceiling on " + url + " failed: " + e.getMessage(), e);
    }
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The workload as the job's readings query would emit it (validated, projected to WGS84). Trigger
   * levels and baselines are left out: they change values, not the row count or width that a write
   * costs.
   */
  static List<EnrichedReading> enriched(List<RawRecord> workload) {
    ReadingDecoder decoder = new ReadingDecoder();
    MgaProjection projection = new MgaProjection();
    List<EnrichedReading> out = new ArrayList<>(workload.size());
    for (RawRecord r : workload) {
      Reading x = decoder.decode(r.value()).reading();
      LatLon ll = projection.toLatLon(x.easting(), x.northing());
      Double depth = x.surfaceLevel() == null ? null : x.surfaceLevel() - x.value();
      out.add(
          new EnrichedReading(
              x.readingId(),
              VERSION.label(),
              x.instrument().wireName(),
              x.boreholeNumber(),
              x.axis(),
              x.timestamp(),
              x.value(),
              x.instrument().unit(),
              x.instrument().quantity(),
              x.surfaceLevel(),
              x.northing(),
              x.easting(),
              ll.lat(),
              ll.lon(),
              depth,
              null,
              null,
              null,
              TriggerStatus.NORMAL,
              x.apiVersion().wireName(),
              x.fetchedAt()));
    }
    return out;
  }
}
