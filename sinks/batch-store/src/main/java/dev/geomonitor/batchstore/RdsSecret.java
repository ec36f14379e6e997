package dev.geomonitor.batchstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;

/**
 * A database secret in the JSON form RDS generates ({@code username, password, host, port,
 * dbname}), as the job and the alarm functions read it from Secrets Manager. Errors name the secret
 * and the missing field, never its text (the parser's message could quote the password).
 *
 * @param arn where the secret was read (for messages)
 * @param host null when the secret carries only a login
 * @param port null when the secret carries only a login
 * @param dbname null when the secret carries only a login
 */
public record RdsSecret(
    String arn, String username, String password, String host, String port, String dbname) {

  /** Parses {@code text}; the login is required, the address is checked where it is used. */
  public static RdsSecret parse(String arn, String text) {
    JsonNode secret;
    try {
      secret = Json.MAPPER.readTree(text == null ? "" : text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(notRdsJson(arn));
    }
    if (secret == null || !secret.isObject()) {
      throw new IllegalArgumentException(notRdsJson(arn));
    }
    return new RdsSecret(
        arn,
        required(secret, arn, "username"),
        required(secret, arn, "password"),
        optional(secret, "host"),
        optional(secret, "port"),
        optional(secret, "dbname"));
  }

  /** The user and password, as a {@link CredentialSource} hands them to the batch store. */
  public CredentialSource.Login login() {
    return new CredentialSource.Login(username, password);
  }

  /** {@code jdbc:postgresql://host:port/dbname?sslmode=...} from the secret's address. */
  public String jdbcUrl(String sslMode) {
    return "jdbc:postgresql://"
        + present(host, "host")
        + ":"
        + present(port, "port")
        + "/"
        + present(dbname, "dbname")
        + "?sslmode="
        + sslMode;
  }

  private String present(String value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(missing(arn, name));
    }
    return value;
  }

  private static String required(JsonNode secret, String arn, String name) {
    String value = optional(secret, name);
    if (value == null) {
      throw new IllegalArgumentException(missing(arn, name));
    }
    return value;
  }

  private static String optional(JsonNode secret, String name) {
    JsonNode value = secret.get(name);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
  }

  private static String missing(String arn, String name) {
    return "database secret " + arn + " has no '" + name + "'; " + notRdsJson(arn);
  }

  private static String notRdsJson(String arn) {
    return "secret "
        + arn
        + " must be a JSON object with username, password, host, port and dbname, as RDS"
        + " generates it";
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "RdsSecret[arn=" + arn + ", username=" + username + ", host=" + host + "]";
  }
}
