package dev.geomonitor.batchstore;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Connections whose login follows a rotated secret. When PostgreSQL refuses the login the store
 * holds (SQLSTATE 28P01, or 28000 for a role the rotation replaced), the secret is read again and,
 * if it now holds another login, the connection is tried once more with it. With multi-user
 * rotation the login a running job holds stays valid for one rotation period, so this only runs
 * when the second rotation after the job's start changes its password; the job's batches go on
 * without a restart.
 *
 * <p>Without a source a refused login is an error like any other: nothing else can fix it.
 */
final class RotatingLogin implements DataSource {
  static final String INVALID_PASSWORD = "28P01";
  static final String INVALID_AUTHORIZATION = "28000";

  private final PGSimpleDataSource target;
  private final CredentialSource source;

  RotatingLogin(PGSimpleDataSource target, CredentialSource source) {
    this.target = Objects.requireNonNull(target);
    this.source = source;
  }

  @Override
  public Connection getConnection() throws SQLException {
    String user;
    String password;
    synchronized (this) {
      user = target.getUser();
      password = target.getPassword();
    }
    try {
      return target.getConnection(user, password);
    } catch (SQLException refused) {
      if (source == null || !refusedLogin(refused)) {
        throw refused;
      }
      CredentialSource.Login fresh;
      try {
        fresh = source.current();
      } catch (RuntimeException unreadable) {
        refused.addSuppressed(unreadable);
        throw refused;
      }
      if (fresh.user().equals(user) && Objects.equals(fresh.password(), password)) {
        // The secret still holds the refused login: the rotation is not finished, or the fault is
        // elsewhere. The batch fails and is retried like any other infrastructure fault.
        throw refused;
      }
      synchronized (this) {
        target.setUser(fresh.user());
        target.setPassword(fresh.password());
      }
      return target.getConnection(fresh.user(), fresh.password());
    }
  }

  /** The user connections are made as now (after any rotation this store followed). */
  synchronized String user() {
    return target.getUser();
  }

  static boolean refusedLogin(SQLException e) {
    return INVALID_PASSWORD.equals(e.getSQLState())
        || INVALID_AUTHORIZATION.equals(e.getSQLState());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return target.getConnection(user, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return target.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || target.isWrapperFor(iface);
  }
}
