package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.TriggerLevelCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaMigrationSetupTest {
  private static final String SECRET_ARN =
      "arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:geomonitor-db-AbCdEf";
  private static final String RDS_SECRET =
      """
      {"username":"geomonitor_admin","password":"s3cret","engine":"postgres",
       "host":"from-secret.rds.amazonaws.com","port":5433,"dbname":"fromsecret"}""";

  /** Records the calls; the first migrate applies 4, later ones 0, like Flyway. */
  private static final class RecordingStore implements SchemaStore {
    final List<String> calls = new ArrayList<>();
    PipelineVersion active;

    @Override
    public int migrate(PipelineVersion version) {
      calls.add("migrate " + version);
      if (active == null) {
        active = version;
        return 4;
      }
      return 0;
    }

    @Override
    public int syncTriggerLevels(TriggerLevelCatalog catalog) {
      calls.add("trigger levels");
      return catalog.all().size();
    }

    @Override
    public Optional<PipelineVersion> activeVersion() {
      return Optional.ofNullable(active);
    }

    @Override
    public List<String> setUpUsers(List<DatabaseUsers.Login> logins) {
      calls.add("users " + logins);
      return List.of(active.schema());
    }
  }

  private final RecordingStore store = new RecordingStore();
  private final List<BatchStoreConfig> opened = new ArrayList<>();
  private final List<String> secretsRead = new ArrayList<>();

  private CustomResourceCore core(String secretJson, String defaultArn) {
    SecretSource secrets =
        id -> {
          secretsRead.add(id);
          return secretJson;
        };
    return new CustomResourceCore(
        new SchemaMigrationSetup(
            secrets,
            config -> {
              opened.add(config);
              return store;
            },
            defaultArn,
            "require"));
  }

  @Test
  void createMigratesSyncsTriggerLevelsAndReportsTheActiveVersion() {
    CustomResourceResponse response =
        core(RDS_SECRET, null).handle(Events.request("schema-create"));

    assertThat(response.succeeded()).isTrue();
    assertThat(secretsRead).containsExactly(SECRET_ARN);
    assertThat(store.calls).containsExactly("migrate v1", "trigger levels");
    assertThat(response.data())
        .containsEntry("PipelineVersion", "v1")
        .containsEntry("Schema", "pipeline_v1")
        .containsEntry("MigrationsApplied", "4")
        .containsEntry("ActiveVersion", "v1")
        .containsEntry(
            "TriggerLevels", Integer.toString(TriggerLevelCatalog.defaults().all().size()));
  }

  @Test
  void theResourcesHostPortAndNameWinOverTheSecretsAndTheSecretGivesTheLogin() {
    core(RDS_SECRET, null).handle(Events.request("schema-create"));

    BatchStoreConfig config = opened.get(0);
    assertThat(config.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://geomonitor-db.abc123.ap-southeast-2.rds.amazonaws.com:5432/geomonitor?sslmode=require");
    assertThat(config.user()).isEqualTo("geomonitor_admin");
    assertThat(config.password()).isEqualTo("s3cret");
    assertThat(config.applicationName()).isEqualTo("geomonitor-schema-migration");
  }

  @Test
  void withoutConnectionPropertiesTheSecretsHostPortAndNameAreUsed() {
    core(RDS_SECRET, null)
        .handle(
            Events.request(
                "schema-create",
                p -> {
                  p.remove("DbHost");
                  p.remove("DbPort");
                  p.remove("DbName");
                }));

    assertThat(opened.get(0).jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://from-secret.rds.amazonaws.com:5433/fromsecret?sslmode=require");
  }

  @Test
  void theEnvironmentsSecretArnIsUsedWhenTheEventHasNone() {
    core(RDS_SECRET, "arn:env-secret")
        .handle(Events.request("schema-create", p -> p.remove("DbSecretArn")));

    assertThat(secretsRead).containsExactly("arn:env-secret");
  }

  @Test
  void updateRunsAgainAndAppliesNothingNew() {
    CustomResourceCore core = core(RDS_SECRET, null);
    core.handle(Events.request("schema-create"));

    CustomResourceResponse response = core.handle(Events.request("schema-update"));

    assertThat(response.succeeded()).isTrue();
    assertThat(response.data()).containsEntry("MigrationsApplied", "0");
    assertThat(response.physicalResourceId())
        .isEqualTo("postgres-schema:geomonitor-dev:DeployResourcesSchemaMigration");
  }

  @Test
  void deleteTouchesNeitherSecretNorDatabase() {
    CustomResourceResponse response =
        core(RDS_SECRET, null).handle(Events.request("schema-delete"));

    assertThat(response.succeeded()).isTrue();
    assertThat(response.data()).isEqualTo(Map.of("Retained", "true"));
    assertThat(secretsRead).isEmpty();
    assertThat(opened).isEmpty();
  }

  @Test
  void aSecretWithoutPasswordFailsNamingTheSecretAndFieldButNeverItsText() {
    CustomResourceResponse response =
        core("{\"username\":\"u\",\"host\":\"h\"}", null).handle(Events.request("schema-create"));

    assertThat(response.succeeded()).isFalse();
    assertThat(response.reason())
        .isEqualTo(
            "postgres-schema create failed: secret " + SECRET_ARN + " has no field 'password'");
  }

  @Test
  void aSecretThatIsNotJsonFailsWithoutQuotingIt() {
    CustomResourceResponse response =
        core("hunter2-not-json", null).handle(Events.request("schema-create"));

    assertThat(response.succeeded()).isFalse();
    assertThat(response.reason()).contains("is not JSON").doesNotContain("hunter2");
  }

  @Test
  void aBadPipelineVersionFailsNamingTheValue() {
    CustomResourceResponse response =
        core(RDS_SECRET, null)
            .handle(Events.request("schema-create", p -> p.put("PipelineVersion", "latest")));

    assertThat(response.reason())
        .contains("pipeline version must look like v1")
        .contains("'latest'");
    assertThat(opened).isEmpty();
  }

  @Test
  void theWriterAndReaderSecretsBecomeLoginUsersAfterTheMigration() {
    Map<String, String> secretsById =
        Map.of(
            SECRET_ARN,
            RDS_SECRET,
            "arn:writer",
            "{\"username\":\"geomonitor_job\",\"password\":\"w-pass\"}",
            "arn:reader",
            "{\"username\":\"geomonitor_report\",\"password\":\"r-pass\"}");
    CustomResourceCore core =
        new CustomResourceCore(
            new SchemaMigrationSetup(secretsById::get, config -> store, null, "require"));

    CustomResourceResponse response =
        core.handle(
            Events.request(
                "schema-create",
                p -> {
                  p.put("WriterSecretArn", "arn:writer");
                  p.put("ReaderSecretArn", "arn:reader");
                }));

    assertThat(response.succeeded()).as(response.reason()).isTrue();
    assertThat(store.calls)
        .containsExactly(
            "migrate v1",
            "trigger levels",
            "users [WRITER geomonitor_job, READER geomonitor_report]");
    assertThat(response.data())
        .containsEntry("Users", "geomonitor_job,geomonitor_report")
        .containsEntry("WriterSchemas", "pipeline_v1");
    assertThat(response.toString()).doesNotContain("w-pass").doesNotContain("r-pass");
  }

  @Test
  void aLoginUserNameThatIsNotAPlainIdentifierFailsNamingIt() {
    Map<String, String> secretsById =
        Map.of(
            SECRET_ARN,
            RDS_SECRET,
            "arn:writer",
            "{\"username\":\"job; DROP TABLE x\",\"password\":\"w-pass\"}");
    CustomResourceCore core =
        new CustomResourceCore(
            new SchemaMigrationSetup(secretsById::get, config -> store, null, "require"));

    CustomResourceResponse response =
        core.handle(Events.request("schema-create", p -> p.put("WriterSecretArn", "arn:writer")));

    assertThat(response.succeeded()).isFalse();
    assertThat(response.reason())
        .contains("'job; DROP TABLE x' is not a plain PostgreSQL identifier");
    assertThat(store.calls).noneMatch(call -> call.startsWith("users"));
  }
}
