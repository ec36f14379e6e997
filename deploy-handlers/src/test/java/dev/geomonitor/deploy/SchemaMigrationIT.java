package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.embedded.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The migration resource against a real PostgreSQL. The secret comes through {@link SecretSource}
 * as the JSON RDS stores (Secrets Manager itself cannot be reached here); each test gets its own
 * database.
 */
class SchemaMigrationIT {
  @TempDir static Path work;
  private static PostgresServer pg;

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

  private static String newDatabase() throws Exception {
    String name = "deploy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = pg.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  private static CustomResourceCore core(String database) {
    String secret =
        "{\"username\":\""
            + pg.username()
            + "\",\"password\":\""
            + pg.password()
            + "\",\"engine\":\"postgres\",\"host\":\"127.0.0.1\",\"port\":"
            + pg.port()
            + ",\"dbname\":\""
            + database
            + "\"}";
    // the embedded server has no TLS; RDS gets the default sslmode=require
    return new CustomResourceCore(
        new SchemaMigrationSetup(id -> secret, SchemaStore::of, null, "disable"));
  }

  private static CustomResourceRequest createEvent() {
    return Events.request(
        "schema-create",
        p -> {
          p.remove("DbHost");
          p.remove("DbPort");
          p.remove("DbName");
        });
  }

  @Test
  void createMigratesActivatesAndStoresTriggerLevelsAndASecondRunAppliesNothing() throws Exception {
    String database = newDatabase();
    CustomResourceCore core = core(database);

    CustomResourceResponse first = core.handle(createEvent());
    CustomResourceResponse second = core.handle(createEvent());

    assertThat(first.succeeded()).as(first.reason()).isTrue();
    assertThat(Integer.parseInt(first.data().get("MigrationsApplied"))).isPositive();
    assertThat(first.data())
        .containsEntry("ActiveVersion", "v1")
        .containsEntry("Schema", "pipeline_v1");
    assertThat(second.succeeded()).as(second.reason()).isTrue();
    assertThat(second.data())
        .containsEntry("MigrationsApplied", "0")
        .containsEntry("ActiveVersion", "v1");
    assertThat(count(database, "SELECT count(*) FROM monitoring.trigger_levels"))
        .isEqualTo(TriggerLevelCatalog.defaults().all().size());
    assertThat(
            count(
                database,
                "SELECT count(*) FROM information_schema.schemata WHERE schema_name IN ('monitoring', 'pipeline_v1')"))
        .isEqualTo(2);
  }

  @Test
  void updateToANewVersionCreatesItsSchemaButKeepsTheActiveOne() throws Exception {
    String database = newDatabase();
    CustomResourceCore core = core(database);
    core.handle(createEvent());

    CustomResourceResponse update =
        core.handle(
            Events.request(
                "schema-update",
                p -> {
                  p.remove("DbHost");
                  p.remove("DbPort");
                  p.remove("DbName");
                  p.put("PipelineVersion", "v2");
                }));

    assertThat(update.succeeded()).as(update.reason()).isTrue();
    assertThat(update.data())
        .containsEntry("Schema", "pipeline_v2")
        .containsEntry("ActiveVersion", "v1");
    assertThat(
            count(
                database,
                "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'pipeline_v2'"))
        .isEqualTo(1);
  }

  @Test
  void aDatabaseThatDoesNotExistFailsNamingTheMigration() {
    CustomResourceResponse response = core("no_such_db").handle(createEvent());

    assertThat(response.succeeded()).isFalse();
    assertThat(response.reason())
        .startsWith("postgres-schema create failed:")
        .contains("no_such_db");
  }

  private static int count(String database, String sql) throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL("jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + database);
    ds.setUser(pg.username());
    ds.setPassword(pg.password());
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
