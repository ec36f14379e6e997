package dev.geomonitor.alarms.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Connections as the user of a Secrets Manager secret in the JSON form RDS generates ({@code
 * username, password, host, port, dbname}). The secret is read once and again only when the server
 * refuses the password: multi-user rotation switches the secret between the user and its clone, and
 * a warm function must follow without a restart.
 */
public final class SecretDataSource implements DataSource {
  /** PostgreSQL's invalid_password. */
  private static final String INVALID_PASSWORD = "28P01";

  private final String arn;
  private final Function<String, String> secrets;
  private final String sslMode;
  private volatile PGSimpleDataSource current;

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
    PGSimpleDataSource ds = current;
    if (ds == null) {
      ds = refresh();
    }
    try {
      return ds.getConnection();
    } catch (SQLException e) {
      if (!INVALID_PASSWORD.equals(e.getSQLState())) {
        throw e;
      }
      return refresh().getConnection();
    }
  }

  private synchronized PGSimpleDataSource refresh() {
    JsonNode secret = parse(secrets.apply(arn));
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {field(secret, "host")});
    ds.setPortNumbers(new int[] {Integer.parseInt(field(secret, "port"))});
    ds.setDatabaseName(field(secret, "dbname"));
    ds.setUser(field(secret, "username"));
    ds.setPassword(field(secret, "password"));
    ds.setSslMode(sslMode);
    ds.setApplicationName("geomonitor-alarms");
    ds.setConnectTimeout(10);
    current = ds;
    return ds;
  }

  private JsonNode parse(String text) {
    try {
      JsonNode node = Json.MAPPER.readTree(text == null ? "" : text);
      if (node == null || !node.isObject()) {
        throw new IllegalStateException(notRdsJson());
      }
      return node;
    } catch (JsonProcessingException e) {
      // The parser's message may quote the secret: leave it out.
      throw new IllegalStateException(notRdsJson());
    }
  }

  private String field(JsonNode secret, String name) {
    JsonNode value = secret.get(name);
    if (value == null || value.isNull() || value.asText().isBlank()) {
      throw new IllegalStateException(
          "database secret " + arn + " has no '" + name + "'; " + notRdsJson());
    }
    return value.asText();
  }

  private String notRdsJson() {
    return "secret "
        + arn
        + " is not the JSON RDS generates (username, password, host, port, dbname)";
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
