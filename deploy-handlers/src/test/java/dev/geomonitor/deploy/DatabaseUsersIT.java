package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.batchstore.BatchContent;
import dev.geomonitor.batchstore.BatchCounts;
import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.embedded.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The migration resource's least-privilege users against a real PostgreSQL: the migration owner
 * (the server's superuser here, the RDS master user on AWS) runs the resource with writer and
 * reader secrets; then the job's writer and the reporting reader connect as themselves. Each test
 * gets its own database; roles are cluster-wide, so each test also gets its own login names.
 */
class DatabaseUsersIT {
  private static final PipelineVersion V1 = PipelineVersion.parse("v1");
  private static final Instant TS = Instant.parse("2026-03-02T10:15:00Z");

  @TempDir static Path work;
  private static PostgresServer pg;

  private String database;
  private String writerUser;
  private String readerUser;
  private String alarmsUser;

  @BeforeAll
  static void startPostgres() {
    pg = PostgresServer.start(work.resolve("pg"));
  }

  @AfterAll
  static void stopPostgres() {
    if (pg != null) {
      pg.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    database = "users_" + suffix;
    writerUser = "job_" + suffix;
    readerUser = "report_" + suffix;
    alarmsUser = "alarms_" + suffix;
    try (Connection c = pg.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    CustomResourceResponse response = deploy("v1");
    assertThat(response.succeeded()).as(response.reason()).isTrue();
  }

  private CustomResourceResponse deploy(String version) {
    Map<String, String> secrets =
        Map.of(
            "arn:master",
                "{\"username\":\""
                    + pg.username()
                    + "\",\"password\":\""
                    + pg.password()
                    + "\",\"host\":\"127.0.0.1\",\"port\":"
                    + pg.port()
                    + ",\"dbname\":\""
                    + database
                    + "\"}",
            "arn:writer",
                "{\"username\":\""
                    + writerUser
                    + "\",\"password\":\"writer-It's-"
                    + writerUser
                    + "\"}",
            "arn:reader",
                "{\"username\":\""
                    + readerUser
                    + "\",\"password\":\"reader-pass-"
                    + readerUser
                    + "\"}",
            "arn:alarms",
                "{\"username\":\""
                    + alarmsUser
                    + "\",\"password\":\"alarms-pass-"
                    + alarmsUser
                    + "\"}");
    CustomResourceCore core =
        new CustomResourceCore(
            new SchemaMigrationSetup(secrets::get, SchemaStore::of, null, "disable"));
    return core.handle(
        Events.request(
            "schema-create",
            p -> {
              p.put("DbSecretArn", "arn:master");
              p.remove("DbHost");
              p.remove("DbPort");
              p.remove("DbName");
              p.put("PipelineVersion", version);
              p.put("WriterSecretArn", "arn:writer");
              p.put("ReaderSecretArn", "arn:reader");
              p.put("AlarmsSecretArn", "arn:alarms");
            }));
  }

  private BatchStoreConfig login(String user, String password) {
    return new BatchStoreConfig(
        "jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + database + "?sslmode=disable",
        user,
        password);
  }

  private BatchStoreConfig writer() {
    return login(writerUser, "writer-It's-" + writerUser);
  }

  private BatchStoreConfig reader() {
    return login(readerUser, "reader-pass-" + readerUser);
  }

  private BatchStoreConfig alarms() {
    return login(alarmsUser, "alarms-pass-" + alarmsUser);
  }

  private static Connection connect(BatchStoreConfig config) throws SQLException {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(config.jdbcUrl());
    ds.setUser(config.user());
    ds.setPassword(config.password());
    return ds.getConnection();
  }

  private static EnrichedReading reading(Instant ts, double value) {
    return new EnrichedReading(
        NaturalKeys.readingId("water_standpipe", "BH-01", ts),
        "v1",
        "water_standpipe",
        "BH-01",
        null,
        ts,
        value,
        "m AHD",
        "water_level",
        85.4,
        5_814_941,
        323_796,
        -37.79,
        144.97,
        85.4 - value,
        86.0,
        value - 86.0,
        null,
        TriggerStatus.NORMAL,
        "v1",
        ts.plusSeconds(2));
  }

  private static void execute(BatchStoreConfig config, String sql) throws SQLException {
    try (Connection c = connect(config);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(BatchStoreConfig config, String sql) throws SQLException {
    try (Connection c = connect(config);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void theWriterStartsTheJobAndWritesReadingsThroughCopy() throws Exception {
    BatchStore store = new BatchStore(writer());

    // what the job does at start: migrations are up to date, the levels it loaded are synced
    assertThat(store.migrate(V1)).isZero();
    assertThat(store.syncTriggerLevels(TriggerLevelCatalog.defaults())).isPositive();
    boolean committed =
        store.writeBatch(
            V1,
            "readings-v1",
            0,
            BatchContent.ofReadings(
                List.of(reading(TS, 84.1), reading(TS.plusSeconds(60), 84.2)),
                List.of(),
                List.of(),
                BatchCounts.unknown()));

    assertThat(committed).isTrue();
    assertThat(count(reader(), "SELECT count(*) FROM monitoring.readings")).isEqualTo(2);
  }

  @Test
  void theWriterCannotCreateTables() {
    assertThatThrownBy(() -> execute(writer(), "CREATE TABLE pipeline_v1.intruder (id int)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for schema pipeline_v1");
    assertThatThrownBy(() -> execute(writer(), "CREATE TABLE monitoring.intruder (id int)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for schema monitoring");
  }

  @Test
  void theWriterCannotDropTruncateOrDeleteTheOutputs() throws Exception {
    BatchStore store = new BatchStore(writer());
    store.writeBatch(
        V1,
        "readings-v1",
        0,
        BatchContent.ofReadings(
            List.of(reading(TS, 84.1)), List.of(), List.of(), BatchCounts.unknown()));

    assertThatThrownBy(() -> execute(writer(), "DROP TABLE pipeline_v1.readings"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("must be owner of table readings");
    assertThatThrownBy(() -> execute(writer(), "TRUNCATE pipeline_v1.readings"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for table readings");
    assertThatThrownBy(() -> execute(writer(), "DELETE FROM pipeline_v1.readings"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for table readings");
    assertThatThrownBy(
            () -> execute(writer(), "UPDATE monitoring.pipeline_state SET active_version = 'v9'"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for table pipeline_state");
    assertThat(count(writer(), "SELECT count(*) FROM pipeline_v1.readings")).isEqualTo(1);
  }

  @Test
  void theAlarmsUserWritesTheAlarmTablesAndTakesTheirIds() throws Exception {
    assertThat(
            count(
                alarms(),
                "SELECT count(*) FROM unnest(ARRAY['alarms','alarm_events','alarm_processed_alerts',"
                    + "'instrument_watch','alarm_notifications','alarm_deliveries']) t"
                    + " WHERE has_table_privilege('monitoring.' || t, 'SELECT, INSERT, UPDATE')"))
        .isEqualTo(6);
    assertThat(count(alarms(), "SELECT nextval('monitoring.alarm_deliveries_delivery_id_seq')"))
        .isPositive();
    execute(alarms(), "UPDATE monitoring.alarms SET state = state WHERE false");
    assertThat(count(alarms(), "SELECT count(*) FROM monitoring.alerts")).isZero();
  }

  @Test
  void theAlarmsUserCannotDeleteAlarmsNorWriteOutsideTheAlarmTables() {
    assertThatThrownBy(() -> execute(alarms(), "DELETE FROM monitoring.alarm_events"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for table alarm_events");
    assertThatThrownBy(() -> execute(alarms(), "DELETE FROM monitoring.trigger_levels"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for table trigger_levels");
    assertThatThrownBy(() -> execute(alarms(), "SELECT count(*) FROM pipeline_v1.readings"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for schema pipeline_v1");
    assertThatThrownBy(() -> execute(alarms(), "CREATE TABLE monitoring.intruder (id int)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for schema monitoring");
  }

  @Test
  void theReaderSelectsTheMonitoringViewsAndCannotWrite() throws Exception {
    new BatchStore(writer())
        .writeBatch(
            V1,
            "readings-v1",
            0,
            BatchContent.ofReadings(
                List.of(reading(TS, 84.1)), List.of(), List.of(), BatchCounts.unknown()));

    assertThat(count(reader(), "SELECT count(*) FROM monitoring.latest_readings")).isEqualTo(1);
    assertThat(count(reader(), "SELECT count(*) FROM monitoring.daily_summary")).isEqualTo(1);
    assertThat(count(reader(), "SELECT count(*) FROM monitoring.batch_ledger")).isEqualTo(1);
    assertThatThrownBy(() -> execute(reader(), "SELECT count(*) FROM pipeline_v1.readings"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for schema pipeline_v1");
    assertThatThrownBy(() -> execute(reader(), "DELETE FROM monitoring.trigger_levels"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for table trigger_levels");
    assertThatThrownBy(() -> execute(reader(), "CREATE TABLE monitoring.intruder (id int)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for schema monitoring");
    assertThatThrownBy(
            () ->
                new BatchStore(reader())
                    .writeBatch(
                        V1,
                        "readings-v1",
                        1,
                        BatchContent.ofReadings(
                            List.of(reading(TS.plusSeconds(60), 84.3)),
                            List.of(),
                            List.of(),
                            BatchCounts.unknown())))
        .hasMessageContaining("permission denied");
  }

  @Test
  void aRedeployIsIdempotentAndANewVersionsSchemaIsGrantedToTheWriter() throws Exception {
    CustomResourceResponse again = deploy("v1");
    CustomResourceResponse v2 = deploy("v2");

    assertThat(again.succeeded()).as(again.reason()).isTrue();
    assertThat(v2.succeeded()).as(v2.reason()).isTrue();
    assertThat(v2.data()).containsEntry("WriterSchemas", "pipeline_v1,pipeline_v2");
    boolean committed =
        new BatchStore(writer())
            .writeBatch(
                PipelineVersion.parse("v2"),
                "readings-v2",
                0,
                BatchContent.ofReadings(
                    List.of(reading(TS, 84.1)), List.of(), List.of(), BatchCounts.unknown()));
    assertThat(committed).isTrue();
  }

  @Test
  void aRotationCloneInheritsTheWritersRights() throws Exception {
    // what Secrets Manager's multi-user rotation does on its first run: a clone user that is a
    // member of the user
    String clone = writerUser + "_clone";
    try (Connection c = connect(login(pg.username(), pg.password()));
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + clone + " WITH LOGIN PASSWORD 'clone-pass'");
      s.execute("GRANT " + writerUser + " TO " + clone);
    }

    boolean committed =
        new BatchStore(login(clone, "clone-pass"))
            .writeBatch(
                V1,
                "readings-v1",
                0,
                BatchContent.ofReadings(
                    List.of(reading(TS, 84.1)), List.of(), List.of(), BatchCounts.unknown()));

    assertThat(committed).isTrue();
    assertThatThrownBy(() -> execute(login(clone, "clone-pass"), "DROP TABLE pipeline_v1.readings"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("must be owner");
  }
}
