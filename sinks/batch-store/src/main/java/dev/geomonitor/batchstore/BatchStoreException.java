package dev.geomonitor.batchstore;

import java.sql.SQLException;

/**
 * A batch store operation failed; nothing of it was committed. {@link #isTransient()} tells whether
 * retrying the same call may succeed (connection lost, server restarting, deadlock): the Spark job
 * fails the micro-batch, Spark retries it, and the batch ledger makes the retry safe.
 */
public class BatchStoreException extends RuntimeException {
  private final String sqlState;

  public BatchStoreException(String message, Throwable cause) {
    super(message, cause);
    this.sqlState = firstSqlState(cause);
  }

  /** Flyway and other wrappers hide the database error a few causes deep. */
  private static String firstSqlState(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return null;
  }

  /** The PostgreSQL SQLSTATE of the failure, or null when it was not a database error. */
  public String sqlState() {
    return sqlState;
  }

  public boolean isTransient() {
    return isTransient(sqlState);
  }

  static boolean isTransient(String sqlState) {
    if (sqlState == null) {
      return false;
    }
    return sqlState.startsWith("08") // connection exception
        || sqlState.startsWith("53") // insufficient resources
        || sqlState.startsWith("57P") // admin/crash shutdown, cannot connect now
        || sqlState.equals("40001") // serialization failure
        || sqlState.equals("40P01"); // deadlock detected
  }
}
