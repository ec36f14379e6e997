package dev.geomonitor.batchstore;

import dev.geomonitor.domain.PipelineVersion;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the Flyway migrations: those of the shared {@code monitoring} schema, and the
 * version-agnostic ones of a pipeline version schema (the same files build {@code pipeline_v1},
 * {@code pipeline_v2}...; each schema keeps its own history table, so versions migrate
 * independently). Flyway's advisory lock makes concurrent migrations safe.
 */
final class SchemaMigrator {
  static final String MONITORING_SCHEMA = "monitoring";
  private static final String MONITORING_LOCATION =
      "classpath:dev/geomonitor/batchstore/db/monitoring";
  private static final String PIPELINE_LOCATION = "classpath:dev/geomonitor/batchstore/db/pipeline";
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  private final DataSource dataSource;

  SchemaMigrator(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * @return the number of migrations applied now (0 when everything was up to date)
   */
  int migrate(PipelineVersion version) {
    return migrate(MONITORING_SCHEMA, MONITORING_LOCATION)
        + migrate(version.schema(), PIPELINE_LOCATION);
  }

  private int migrate(String schema, String location) {
    MigrateResult result =
        Flyway.configure(SchemaMigrator.class.getClassLoader())
            .dataSource(dataSource)
            .schemas(schema)
            .createSchemas(true)
            .locations(location)
            .load()
            .migrate();
    if (result.migrationsExecuted > 0) {
      LOG.info(
          "schema {} migrated to version {} ({} migrations)",
          schema,
          result.targetSchemaVersion,
          result.migrationsExecuted);
    }
    return result.migrationsExecuted;
  }
}
