package dev.geomonitor.alarms.lambda;

import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.batchstore.RdsSecret;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections as the user of a Secrets Manager secret in the JSON form RDS generates ({@code
 * username, password, host, port, dbname}). The secret is read at the first connection (so a
 * function's init, snapshotted by SnapStart, does no network I/O) and again only when the server
 * refuses the login: multi-user rotation switches the secret between the user and its clone, and a
 * warm function follows without a restart. The batch store's connections do the rereading, as for
 * the Spark job's executors.
 */
public final class SecretDataSource implements DataSource {
  private final String arn;
  private final Function<String, String> secrets;
  private final String sslMode;
  private volatile DataSource connections;

  /**
   * @param secrets reads a secret's text by ARN (Secrets Manager on AWS)
   * @param sslMode the driver's sslmode: {@code require} on AWS (RDS requires TLS; "require"
   *     encrypts without needing the RDS CA bundle in the jar)
   */
  public SecretDataSource(String arn, Function<String, String> secrets, String sslMode) {
    this.arn = Objects.requireNonNull(arn, "arn");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.sslMode = Objects.requireNonNull(sslMode, "sslMode");
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connections().getConnection();
  }

  private DataSource connections() {
    DataSource ds = connections;
    if (ds == null) {
      synchronized (this) {
        if (connections == null) {
          RdsSecret secret = RdsSecret.parse(arn, secrets.apply(arn));
          connections =
              new BatchStore(
                      new BatchStoreConfig(
                              secret.jdbcUrl(sslMode),
                              secret.username(),
                              secret.password(),
                              "geomonitor-alarms",
                              BatchStoreConfig.DEFAULT_SOCKET_TIMEOUT)
                          .withCredentials(() -> RdsSecret.parse(arn, secrets.apply(arn)).login()))
                  .dataSource();
        }
        ds = connections;
      }
    }
    return ds;
  }

  @Override
  public Connection getConnection(String username, String password) {
    throw new UnsupportedOperationException("the secret names the user");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
