package dev.geomonitor.alarms;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Keeps a few idle connections for reuse. The alarm processor runs many short transactions per
 * pass; opening a PostgreSQL connection (TCP, startup, SCRAM authentication) costs tens of
 * milliseconds each, which made a pass of a few dozen alerts take seconds (measured with {@code
 * ./bench.sh alarms}). A connection handed back is rolled back and reset to auto-commit; one that
 * failed with a connection error (SQLSTATE class 08) is closed instead of kept.
 */
final class ConnectionReuse implements DataSource {
  private final DataSource target;
  private final BlockingQueue<Connection> idle;

  ConnectionReuse(DataSource target, int maxIdle) {
    this.target = target;
    this.idle = new ArrayBlockingQueue<>(maxIdle);
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c = idle.poll();
    while (c != null && c.isClosed()) {
      c = idle.poll();
    }
    return wrap(c != null ? c : target.getConnection());
  }

  private Connection wrap(Connection real) {
    InvocationHandler handler =
        new InvocationHandler() {
          private boolean broken;
          private boolean returned;

          @Override
          public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if ("close".equals(method.getName()) && method.getParameterCount() == 0) {
              if (!returned) {
                returned = true;
                giveBack(real, broken);
              }
              return null;
            }
            if ("isClosed".equals(method.getName()) && returned) {
              return true;
            }
            if (returned) {
              throw new SQLException("connection already closed");
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              Throwable cause = e.getCause();
              if (cause instanceof SQLException s
                  && s.getSQLState() != null
                  && s.getSQLState().startsWith("08")) {
                broken = true;
              }
              throw cause;
            }
          }
        };
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private void giveBack(Connection real, boolean broken) throws SQLException {
    boolean keep = !broken && !real.isClosed();
    if (keep) {
      try {
        if (!real.getAutoCommit()) {
          real.rollback();
          real.setAutoCommit(true);
        }
      } catch (SQLException e) {
        keep = false;
      }
    }
    if (!keep || !idle.offer(real)) {
      real.close();
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("connections come from the configured data source");
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
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return target.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return target.isWrapperFor(iface);
  }
}
