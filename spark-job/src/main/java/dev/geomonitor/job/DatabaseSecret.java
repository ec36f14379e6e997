package dev.geomonitor.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.batchstore.CredentialSource;
import dev.geomonitor.domain.Json;
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
    JsonNode secret = parse(arn, sources.get().secretString(arn));
    String user = field(secret, arn, "username");
    String password = field(secret, arn, "password");
    String url = config.jdbcUrl();
    if (url == null || url.isBlank()) {
      // RDS requires TLS for the job's connections; sslmode=require encrypts without needing the
      // RDS CA bundle.
      url =
          "jdbc:postgresql://"
              + field(secret, arn, "host")
              + ":"
              + field(secret, arn, "port")
              + "/"
              + field(secret, arn, "dbname")
              + "?sslmode=require";
    }
    return config.withDatabase(url, user, password);
  }

  /**
   * The user and password {@code arn} holds now, read through {@code source}: what the executors'
   * stores read again after a rotation (see {@link SecretLogin}).
   */
  static CredentialSource.Login login(String arn, Source source) {
    JsonNode secret = parse(arn, source.secretString(arn));
    return new CredentialSource.Login(
        field(secret, arn, "username"), field(secret, arn, "password"));
  }

  private static JsonNode parse(String arn, String text) {
    try {
      JsonNode node = Json.MAPPER.readTree(text == null ? "" : text);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(notRdsJson(arn));
      }
      return node;
    } catch (JsonProcessingException e) {
      // The parser's message may quote the secret: leave it out.
      throw new IllegalArgumentException(notRdsJson(arn));
    }
  }

  private static String field(JsonNode secret, String arn, String name) {
    JsonNode value = secret.get(name);
    if (value == null || value.isNull() || value.asText().isBlank()) {
      throw new IllegalArgumentException(
          "database secret " + arn + " has no '" + name + "'; " + notRdsJson(arn));
    }
    return value.asText();
  }

  private static String notRdsJson(String arn) {
    return "secret "
        + arn
        + " (DB_SECRET_ARN) must be a JSON object with username, password, host, port and dbname,"
        + " as RDS generates it; fix the secret or unset DB_SECRET_ARN and pass JDBC_USER/JDBC_PASSWORD";
  }
}
