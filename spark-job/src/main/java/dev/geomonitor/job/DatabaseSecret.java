package dev.geomonitor.job;

import dev.geomonitor.batchstore.CredentialSource;
import dev.geomonitor.batchstore.RdsSecret;
import java.util.function.Supplier;

/**
 * PostgreSQL credentials from a Secrets Manager secret in the JSON form RDS generates ({@code
 * username, password, host, port, dbname}). In AWS the job gets only the secret's ARN
 * (DB_SECRET_ARN), so no password sits in a template or a job run's parameters.
 */
public final class DatabaseSecret {
  /**
   * Reads a secret's text by ARN. The AWS implementation is {@link SecretsManagerSource}; tests
   * pass a fake.
   */
  @FunctionalInterface
  public interface Source extends java.io.Serializable {
    String secretString(String arn);
  }

  private DatabaseSecret() {}

  /**
   * {@code config} unchanged when it names no secret (the local path never builds an AWS client);
   * otherwise a copy whose user and password come from the secret, and whose JDBC url is built from
   * the secret's host, port and dbname when JDBC_URL was not given.
   */
  public static JobConfig resolve(JobConfig config, Supplier<Source> sources) {
    if (config.dbSecretArn().isEmpty()) {
      return config;
    }
    String arn = config.dbSecretArn().get();
    RdsSecret secret = read(arn, sources.get());
    String url = config.jdbcUrl();
    if (url == null || url.isBlank()) {
      // RDS requires TLS for the job's connections; sslmode=require encrypts without needing the
      // RDS CA bundle.
      url = secret.jdbcUrl("require");
    }
    return config.withDatabase(url, secret.username(), secret.password());
  }

  /**
   * The user and password {@code arn} holds now, read through {@code source}: what the executors'
   * stores read again after a rotation (see {@link SecretLogin}).
   */
  static CredentialSource.Login login(String arn, Source source) {
    return read(arn, source).login();
  }

  private static RdsSecret read(String arn, Source source) {
    try {
      return RdsSecret.parse(arn, source.secretString(arn));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage()
              + " (DB_SECRET_ARN); fix the secret or unset DB_SECRET_ARN and pass"
              + " JDBC_USER/JDBC_PASSWORD");
    }
  }
}
