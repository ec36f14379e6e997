package dev.geomonitor.alarms;

import dev.geomonitor.batchstore.BatchContent;
import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.embedded.PostgresServer;
import dev.geomonitor.embedded.testing.TestServices;
import dev.geomonitor.embedded.testing.UniqueNames;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A migrated database of its own per test on the run's PostgreSQL server, with the pipeline's
 * writer: alerts and readings reach {@code monitoring.alerts} / {@code monitoring.readings} exactly
 * as the Spark job writes them.
 */
final class SiteDatabase implements ParameterResolver {
  static final PipelineVersion V1 = new PipelineVersion(1);

  /** What a test gets. */
  static final class Site {
    final BatchStore store;
    final String jdbcUrl;
    private final AtomicLong batch = new AtomicLong();

    Site(BatchStore store, String jdbcUrl) {
      this.store = store;
      this.jdbcUrl = jdbcUrl;
    }

    DataSource dataSource() {
      return store.dataSource();
    }

    /**
     * Writes alerts as one micro-batch of the job (a replay is the same list again, under a new
     * batch id).
     */
    void writeAlerts(List<StatusAlert> alerts) {
      store.writeBatch(
          V1,
          "readings",
          batch.getAndIncrement(),
          BatchContent.ofReadings(List.of(), alerts, List.of(), null));
    }

    void writeReadings(List<EnrichedReading> readings) {
      store.writeBatch(
          V1,
          "readings",
          batch.getAndIncrement(),
          BatchContent.ofReadings(readings, List.of(), List.of(), null));
    }

    List<String> column(String sql) {
      List<String> out = new ArrayList<>();
      try (Connection c = dataSource().getConnection();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      } catch (SQLException e) {
        throw new IllegalStateException(sql, e);
      }
      return out;
    }

    long count(String sql) {
      return Long.parseLong(column(sql).get(0));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Site.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    PostgresServer postgres = TestServices.environment(context).postgres();
    String name = UniqueNames.database("alarms_");
    try (Connection c = postgres.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    String url = postgres.jdbcUrl().substring(0, postgres.jdbcUrl().lastIndexOf('/') + 1) + name;
    BatchStore store =
        new BatchStore(
            new BatchStoreConfig(
                url, postgres.username(), postgres.password(), "geomonitor-alarms-test", null));
    store.migrate(V1);
    return new Site(store, url);
  }

  static StatusAlert alert(
      String borehole, Instant ts, TriggerStatus previous, TriggerStatus status, double value) {
    return alert(borehole, ts, previous, status, value, false);
  }

  static StatusAlert alert(
      String borehole,
      Instant ts,
      TriggerStatus previous,
      TriggerStatus status,
      double value,
      boolean late) {
    String instrument = "water_standpipe";
    return new StatusAlert(
        NaturalKeys.alertId(instrument, borehole, ts, status),
        V1.label(),
        instrument,
        borehole,
        ts,
        previous,
        status,
        value,
        86.0,
        value - 86.0,
        status.ordinal(),
        "m AHD",
        -37.79,
        144.97,
        NaturalKeys.readingId(instrument, borehole, ts),
        late,
        late ? "PT1H" : null);
  }

  static EnrichedReading reading(String instrument, String borehole, Instant ts, double value) {
    return new EnrichedReading(
        NaturalKeys.readingId(instrument, borehole, ts),
        V1.label(),
        instrument,
        borehole,
        null,
        ts,
        value,
        "kPa",
        "pore_pressure",
        null,
        5_814_941,
        323_796,
        -37.79,
        144.97,
        null,
        0.0,
        value,
        null,
        TriggerStatus.NORMAL,
        "v1",
        ts.plusSeconds(2));
  }
}
