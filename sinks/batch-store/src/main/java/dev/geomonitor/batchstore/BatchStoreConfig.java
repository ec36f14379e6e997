package dev.geomonitor.batchstore;

import java.io.Serializable;
import java.time.Duration;

/**
 * Where the batch store's database is. Built by the caller from its own configuration (env,
 * arguments, a secret); the batch store reads nothing from the environment.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/database}
 * @param user the login role (needs CREATE on the database for {@link BatchStore#migrate})
 * @param password may be null when the server trusts the connection
 * @param applicationName shown in pg_stat_activity, so operators can tell the Spark job's
 *     connections from a reader's
 * @param socketTimeout a connection that hears nothing for this long fails instead of hanging the
 *     micro-batch forever
 * @param credentials where to read the login again when the database refuses {@code user} and
 *     {@code password} (a rotated secret); null when the login never changes
 */
public record BatchStoreConfig(
    String jdbcUrl,
    String user,
    String password,
    String applicationName,
    Duration socketTimeout,
    CredentialSource credentials)
    implements Serializable {

  public static final String DEFAULT_APPLICATION_NAME = "geomonitor-batch-store";

  /** Far beyond any micro-batch's write (seconds), short enough that a dead network is noticed. */
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofMinutes(10);

  public BatchStoreConfig {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "batch store JDBC URL must start with jdbc:postgresql: (e.g. jdbc:postgresql://localhost:5432/geomonitor),"
              + " got '"
              + jdbcUrl
              + "'");
    }
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException(
          "batch store user is missing: give the PostgreSQL role to connect as");
    }
    if (applicationName == null || applicationName.isBlank()) {
      applicationName = DEFAULT_APPLICATION_NAME;
    }
    if (socketTimeout == null) {
      socketTimeout = DEFAULT_SOCKET_TIMEOUT;
    }
    if (socketTimeout.isNegative() || socketTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "batch store socket timeout must be at least 1 s, got " + socketTimeout);
    }
  }

  /** A login that never changes. */
  public BatchStoreConfig(
      String jdbcUrl,
      String user,
      String password,
      String applicationName,
      Duration socketTimeout) {
    this(jdbcUrl, user, password, applicationName, socketTimeout, null);
  }

  public BatchStoreConfig(String jdbcUrl, String user, String password) {
    this(jdbcUrl, user, password, DEFAULT_APPLICATION_NAME, DEFAULT_SOCKET_TIMEOUT, null);
  }

  /**
   * The same database, connections labelled {@code applicationName} (e.g. {@code
   * geomonitor-spark-job}).
   */
  public BatchStoreConfig withApplicationName(String name) {
    return new BatchStoreConfig(jdbcUrl, user, password, name, socketTimeout, credentials);
  }

  /**
   * The same database, the login read again from {@code source} whenever PostgreSQL refuses the one
   * held (see {@link CredentialSource}).
   */
  public BatchStoreConfig withCredentials(CredentialSource source) {
    return new BatchStoreConfig(jdbcUrl, user, password, applicationName, socketTimeout, source);
  }

  /** Never prints the password: configs end up in logs. */
  @Override
  public String toString() {
    return "BatchStoreConfig[jdbcUrl="
        + jdbcUrl
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "***")
        + ", applicationName="
        + applicationName
        + ", socketTimeout="
        + socketTimeout
        + ", credentials="
        + (credentials == null ? "fixed" : credentials)
        + "]";
  }
}
