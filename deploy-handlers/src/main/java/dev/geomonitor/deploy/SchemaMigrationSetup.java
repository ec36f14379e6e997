package dev.geomonitor.deploy;

import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.TriggerLevelCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PostgreSQL schema resource: Flyway migrations of the monitoring schema and the pipeline
 * version's schema, the default trigger levels, and the version activated when none is. Every step
 * is idempotent, so a retried or repeated event (a new handler jar re-runs it) applies only what is
 * new.
 *
 * <p>Properties: {@code DbSecretArn} (or the handler's DB_SECRET_ARN), {@code PipelineVersion}, and
 * optionally {@code DbHost}, {@code DbPort}, {@code DbName}, which win over the secret's host, port
 * and dbname. The secret is the migration owner's (the master user). Optionally {@code
 * WriterSecretArn} and {@code ReaderSecretArn}: secrets (JSON with {@code username}, {@code
 * password}) of the job's writer user and the reporting reader user, which are created or updated
 * and granted their rights after the migrations ({@link DatabaseUsers}).
 */
public final class SchemaMigrationSetup implements ResourceSetup {
  static final String APPLICATION_NAME = "geomonitor-schema-migration";

  private final SecretSource secrets;
  private final SchemaStore.Factory stores;
  private final String defaultSecretArn;
  private final String sslMode;

  public SchemaMigrationSetup(
      SecretSource secrets, SchemaStore.Factory stores, String defaultSecretArn, String sslMode) {
    this.secrets = secrets;
    this.stores = stores;
    this.defaultSecretArn = defaultSecretArn;
    this.sslMode = sslMode;
  }

  @Override
  public String kind() {
    return "postgres-schema";
  }

  @Override
  public Map<String, String> apply(CustomResourceRequest request) {
    ResourceProperties properties = request.properties();
    PipelineVersion version = PipelineVersion.parse(properties.required("PipelineVersion"));
    BatchStoreConfig config = connection(properties);
    SchemaStore store = stores.open(config);
    int applied = store.migrate(version);
    int levels = store.syncTriggerLevels(TriggerLevelCatalog.defaults());
    String active = store.activeVersion().map(PipelineVersion::label).orElse("");
    List<DatabaseUsers.Login> logins = logins(properties);
    List<String> granted = logins.isEmpty() ? List.of() : store.setUpUsers(logins);
    Map<String, String> data = new LinkedHashMap<>();
    data.put("PipelineVersion", version.label());
    data.put("Schema", version.schema());
    data.put("MigrationsApplied", Integer.toString(applied));
    data.put("TriggerLevels", Integer.toString(levels));
    data.put("ActiveVersion", active);
    data.put(
        "Users", String.join(",", logins.stream().map(DatabaseUsers.Login::username).toList()));
    data.put("WriterSchemas", String.join(",", granted));
    return data;
  }

  /**
   * Nothing is dropped: the tables hold the batch history, and the database's own removal policy
   * (snapshot or retain) decides what happens to it with the stack.
   */
  @Override
  public Map<String, String> delete(CustomResourceRequest request) {
    return Map.of("Retained", "true");
  }

  private List<DatabaseUsers.Login> logins(ResourceProperties properties) {
    List<DatabaseUsers.Login> logins = new ArrayList<>();
    login(properties, "WriterSecretArn", DatabaseUsers.Access.WRITER).ifPresent(logins::add);
    login(properties, "ReaderSecretArn", DatabaseUsers.Access.READER).ifPresent(logins::add);
    login(properties, "AlarmsSecretArn", DatabaseUsers.Access.ALARMS).ifPresent(logins::add);
    return logins;
  }

  private Optional<DatabaseUsers.Login> login(
      ResourceProperties properties, String property, DatabaseUsers.Access access) {
    String arn = properties.optional(property);
    if (arn == null) {
      return Optional.empty();
    }
    SecretJson secret = SecretJson.read(secrets, arn);
    return Optional.of(
        new DatabaseUsers.Login(access, secret.required("username"), secret.required("password")));
  }

  BatchStoreConfig connection(ResourceProperties properties) {
    String secretArn = properties.optional("DbSecretArn");
    if (secretArn == null) {
      secretArn = defaultSecretArn;
    }
    if (secretArn == null) {
      throw new IllegalArgumentException(
          "no database secret: give the resource property DbSecretArn or the handler's DB_SECRET_ARN");
    }
    SecretJson secret = SecretJson.read(secrets, secretArn);
    String host =
        firstOf(properties.optional("DbHost"), secret.optional("host"), "host", secretArn);
    String port =
        firstOf(properties.optional("DbPort"), secret.optional("port"), "port", secretArn);
    String database =
        firstOf(properties.optional("DbName"), secret.optional("dbname"), "dbname", secretArn);
    String url =
        "jdbc:postgresql://"
            + host
            + ":"
            + ResourceProperties.parseLong("DbPort", port)
            + "/"
            + database
            + "?sslmode="
            + sslMode;
    return new BatchStoreConfig(url, secret.required("username"), secret.required("password"))
        .withApplicationName(APPLICATION_NAME);
  }

  private static String firstOf(
      String property, String fromSecret, String field, String secretArn) {
    if (property != null) {
      return property;
    }
    if (fromSecret != null) {
      return fromSecret;
    }
    throw new IllegalArgumentException(
        "database "
            + field
            + " unknown: secret "
            + secretArn
            + " has no '"
            + field
            + "' and the resource has no Db"
            + Character.toUpperCase(field.charAt(0))
            + field.substring(1)
            + " property");
  }
}
