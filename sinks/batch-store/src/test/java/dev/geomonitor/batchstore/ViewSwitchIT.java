package dev.geomonitor.batchstore;

import static dev.geomonitor.batchstore.Records.alert;
import static dev.geomonitor.batchstore.Records.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ViewSwitchIT {
  private static final PipelineVersion V1 = new PipelineVersion(1);
  private static final PipelineVersion V2 = new PipelineVersion(2);
  private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

  /**
   * What one statement reading both views and the state row may see: one whole version, never a mix
   * or nothing.
   */
  private static final String SEEN_V1 = "200:v1:v1|2:v1:v1|v1";

  private static final String SEEN_V2 = "300:v2:v2|3:v2:v2|v2";
  private static final String READ_ALL =
      "SELECT (SELECT count(*) || ':' || min(pipeline_version) || ':' || max(pipeline_version)"
          + " FROM monitoring.readings)"
          + " || '|' || (SELECT count(*) || ':' || min(pipeline_version) || ':' || max(pipeline_version)"
          + " FROM monitoring.alerts)"
          + " || '|' || (SELECT active_version FROM monitoring.pipeline_state)";

  private BatchStore store;
  private ExecutorService reader;

  @BeforeEach
  void setUp(BatchStoreConfig config) {
    store = new BatchStore(config);
    store.migrate(V1);
    store.migrate(V2);
    store.writeBatch(V1, "readings", 0, content(V1, 200, 2));
    store.writeBatch(V2, "readings", 0, content(V2, 300, 3));
  }

  @AfterEach
  void tearDown() {
    if (reader != null) {
      reader.shutdownNow();
    }
  }

  @Test
  void activateSwitchesEveryViewAtomicallyWhileAReaderQueriesThemInALoop() throws Exception {
    // Given: a reader querying the views as fast as it can
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    reader = Executors.newSingleThreadExecutor();
    Future<Integer> reads = reader.submit(() -> readUntil(stop, seen));
    await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 5);

    // When: the views are switched back and forth, each switch landing between (or during) reads
    List<PipelineVersion> activeAfterEach = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      PipelineVersion target = i % 2 == 0 ? V2 : V1;
      store.activate(target);
      activeAfterEach.add(store.activeVersion().orElseThrow());
      int before = seen.size();
      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= before + 3);
    }
    stop.set(true);
    int total = reads.get();

    // Then
    assertThat(total).isGreaterThanOrEqualTo(65);
    assertThat(Set.copyOf(seen)).containsExactlyInAnyOrder(SEEN_V1, SEEN_V2);
    assertThat(activeAfterEach).containsSequence(V2, V1, V2, V1).endsWith(V1);
    assertThat(Tables.count(store.dataSource(), "monitoring.activations")).isEqualTo(21);
  }

  @Test
  void activeVersionReportsTheVersionTheViewsShow() {
    // When
    store.activate(V2);

    // Then
    assertThat(store.activeVersion()).contains(V2);
    assertThat(
            Tables.column(
                store.dataSource(), "SELECT DISTINCT pipeline_version FROM monitoring.readings"))
        .containsExactly("v2");
    assertThat(
            Tables.column(
                store.dataSource(),
                "SELECT DISTINCT pipeline_version FROM monitoring.batch_ledger"
                    + " l JOIN monitoring.readings r ON true"))
        .containsExactly("v2");
  }

  @Test
  void operatorCommandSwitchesTheViewsAndRefusesAVersionThatWasNeverBuilt() {
    BatchStoreConfig config = store.config();
    java.util.Map<String, String> env =
        java.util.Map.of(
            "JDBC_URL",
            config.jdbcUrl(),
            "JDBC_USER",
            config.user(),
            "JDBC_PASSWORD",
            config.password());

    assertThat(BatchStoreMain.run(new String[] {"activate", "v2"}, env)).isZero();
    assertThat(store.activeVersion()).contains(V2);
    assertThat(BatchStoreMain.run(new String[] {"activate", "v9"}, env)).isEqualTo(1);
    assertThat(store.activeVersion()).contains(V2);
    assertThat(BatchStoreMain.run(new String[] {"activate"}, env)).isEqualTo(64);
  }

  @Test
  void replacedVersionCanBeDroppedButTheActiveOneCannot() {
    // Given
    store.activate(V2);

    // When
    store.dropVersion(V1);

    // Then
    assertThat(store.exists(V1)).isFalse();
    assertThat(store.exists(V2)).isTrue();
    assertThat(Tables.column(store.dataSource(), "SELECT count(*) FROM monitoring.readings"))
        .containsExactly("300");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.dropVersion(V2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("readers see it");
  }

  private int readUntil(AtomicBoolean stop, Queue<String> seen) throws SQLException {
    int n = 0;
    try (Connection c = store.dataSource().getConnection();
        Statement st = c.createStatement()) {
      while (!stop.get()) {
        try (ResultSet rs = st.executeQuery(READ_ALL)) {
          rs.next();
          seen.add(String.valueOf(rs.getString(1)));
          n++;
        }
      }
    }
    return n;
  }

  private static BatchContent content(PipelineVersion v, int readings, int alerts) {
    List<EnrichedReading> rs = new ArrayList<>();
    for (int i = 0; i < readings; i++) {
      rs.add(reading(v, "BH-" + (i % 10), T0.plusSeconds(60L * i), 85.0 + i / 1000.0));
    }
    List<StatusAlert> as = new ArrayList<>();
    for (int i = 0; i < alerts; i++) {
      as.add(
          alert(
              v,
              "BH-" + i,
              T0.plusSeconds(60L * i),
              TriggerStatus.NORMAL,
              TriggerStatus.ALERT,
              84.0));
    }
    return BatchContent.ofReadings(rs, as, List.of(), null);
  }
}
