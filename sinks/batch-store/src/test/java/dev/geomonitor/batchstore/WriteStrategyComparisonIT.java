package dev.geomonitor.batchstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.TriggerStatus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Measures the writer's two candidate ways of loading a micro-batch (COPY into staging + merge,
 * kept; batched multi-row upserts) and plain COPY into an empty table as the ceiling. Small by
 * default so {@code verify} stays quick; {@code -Dbatchstore.compare.rows=100000} gives the figures
 * quoted in README.md. Results are appended to target/write-strategy-comparison.txt.
 */
@ExtendWith(PostgresExtension.class)
class WriteStrategyComparisonIT {
  private static final PipelineVersion V1 = new PipelineVersion(1);
  private static final int ROWS = Integer.getInteger("batchstore.compare.rows", 5_000);
  private static final int WARM_UP_ROWS = Math.min(ROWS, 10_000);
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Path REPORT = Path.of("target", "write-strategy-comparison.txt");

  @BeforeAll
  static void header() throws IOException {
    report(
        "--- "
            + Instant.now()
            + ": "
            + ROWS
            + " readings per batch (after a "
            + WARM_UP_ROWS
            + "-row warm-up)");
  }

  @Test
  void copyIntoStagingThenMergeWritesAndUpdatesEveryRow(BatchStoreConfig config) throws Exception {
    measureUpserts("copy+merge", new BatchStore(config), new CopyStagingLoader());
  }

  @Test
  void batchedRewrittenInsertsWriteAndUpdateEveryRow(BatchStoreConfig config) throws Exception {
    measureUpserts("batched inserts", new BatchStore(config), new BatchedInsertLoader());
  }

  @Test
  void plainCopyIntoAnEmptyTableIsTheCeiling(BatchStoreConfig config) throws Exception {
    // Given
    BatchStore store = new BatchStore(config);
    store.migrate(V1);
    List<Object[]> warmUp = OutputTables.READINGS.rowsOf(readings(WARM_UP_ROWS, -1_000_000, 0.0));
    List<Object[]> rows = OutputTables.READINGS.rowsOf(readings(ROWS, 0, 0.0));

    // When
    try (Connection c = store.dataSource().getConnection()) {
      copy(c, warmUp);
      Cost cost = new Cost(c);
      copy(c, rows);
      report(cost.line("plain COPY (ceiling)", "insert"));
    }

    // Then
    assertThat(Tables.count(store.dataSource(), "pipeline_v1.readings"))
        .isEqualTo(WARM_UP_ROWS + ROWS);
  }

  private static void measureUpserts(String strategy, BatchStore store, RowLoader loader)
      throws Exception {
    // Given
    store.migrate(V1);
    BatchWriter writer = new BatchWriter(loader);
    BatchContent fresh = batch(readings(ROWS, 0, 0.0));
    BatchContent changed = batch(readings(ROWS, 0, 0.5));
    try (Connection c = store.dataSource().getConnection()) {
      writer.write(c, V1, "bench", 0, batch(readings(WARM_UP_ROWS, -1_000_000, 0.0)));
      Cost cost = new Cost(c);

      // When
      boolean inserted = writer.write(c, V1, "bench", 1, fresh);
      report(cost.line(strategy, "insert"));
      cost = new Cost(c);
      boolean updated = writer.write(c, V1, "bench", 2, changed);
      report(cost.line(strategy, "update"));

      // Then
      assertThat(inserted).isTrue();
      assertThat(updated).isTrue();
    }
    assertThat(Tables.count(store.dataSource(), "pipeline_v1.readings"))
        .isEqualTo(WARM_UP_ROWS + ROWS);
    assertThat(
            Tables.column(
                store.dataSource(),
                "SELECT count(*) FROM pipeline_v1.readings WHERE change_since_previous = 0.5"))
        .containsExactly(String.valueOf(ROWS));
  }

  private static void copy(Connection c, List<Object[]> rows) throws SQLException {
    CopyIn in =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(
                "COPY pipeline_v1.readings ("
                    + String.join(", ", OutputTables.READINGS.columnNames())
                    + ") FROM STDIN");
    StringBuilder sb = new StringBuilder();
    for (Object[] row : rows) {
      CopyText.appendRow(sb, row);
    }
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    in.writeToCopy(bytes, 0, bytes.length);
    in.endCopy();
  }

  /**
   * {@code n} readings of 500 instruments, one a minute; {@code marker} distinguishes a rewrite of
   * the same keys.
   */
  private static List<EnrichedReading> readings(int n, int firstMinute, double marker) {
    List<EnrichedReading> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      EnrichedReading r =
          Records.reading(
              V1,
              "BH-" + (i % 500),
              T0.plusSeconds(60L * (firstMinute + i / 500)),
              80 + (i % 997) / 100.0,
              i % 50 == 0 ? TriggerStatus.ALERT : TriggerStatus.NORMAL);
      out.add(
          new EnrichedReading(
              r.readingId(),
              r.pipelineVersion(),
              r.instrument(),
              r.boreholeNumber(),
              r.axis(),
              r.ts(),
              r.value(),
              r.unit(),
              r.quantity(),
              r.surfaceLevel(),
              r.northing(),
              r.easting(),
              r.lat(),
              r.lon(),
              r.depthBelowSurface(),
              r.baseline(),
              r.changeFromBaseline(),
              marker,
              r.triggerStatus(),
              r.apiVersion(),
              r.fetchedAt()));
    }
    return out;
  }

  private static BatchContent batch(List<EnrichedReading> readings) {
    return BatchContent.ofReadings(
        readings, List.of(), List.of(), new BatchCounts(readings.size(), readings.size(), 0, 0));
  }

  /**
   * Wall time on a shared, busy machine mostly measures the neighbours; CPU time of this thread
   * plus that of the connection's server process measures the work itself.
   */
  private static final class Cost {
    private final long backendPid;
    private final long wallStart = System.nanoTime();
    private final long jvmCpuStart = THREADS.getCurrentThreadCpuTime();
    private final long serverCpuStart;

    Cost(Connection c) throws SQLException, IOException {
      try (var st = c.createStatement();
          var rs = st.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        backendPid = rs.getLong(1);
      }
      serverCpuStart = serverCpuMillis(backendPid);
    }

    String line(String strategy, String phase) throws IOException {
      long wall = (System.nanoTime() - wallStart) / 1_000_000;
      long jvm = (THREADS.getCurrentThreadCpuTime() - jvmCpuStart) / 1_000_000;
      long server = serverCpuMillis(backendPid) - serverCpuStart;
      long cpu = jvm + server;
      return String.format(
          "%-20s %-6s %6d rows  wall %6d ms  cpu %6d ms (java %5d + postgres %5d)  %7d rows/cpu-s",
          strategy, phase, ROWS, wall, cpu, jvm, server, cpu == 0 ? 0 : ROWS * 1000L / cpu);
    }

    /** utime + stime of a process, from /proc (fields 14 and 15, in clock ticks of 10 ms). */
    private static long serverCpuMillis(long pid) throws IOException {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static void report(String line) throws IOException {
    System.out.println(line);
    Files.createDirectories(REPORT.getParent());
    Files.writeString(
        REPORT,
        line + System.lineSeparator(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
