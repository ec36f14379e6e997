package dev.geomonitor.batchstore;

import java.io.Serializable;

/**
 * Where the batch store gets its login again when the database refuses the one it holds: the secret
 * a rotation has just changed. Serializable, since Spark ships the store's config to every
 * executor, and each executor re-reads the source itself when its connections are refused.
 *
 * <p>Implementations compare equal when they read the same secret, so executors share one store per
 * secret.
 */
@FunctionalInterface
public interface CredentialSource extends Serializable {

  /** The login the secret holds now. */
  Login current();

  /**
   * A user and password read from a secret.
   *
   * @param user PostgreSQL role
   * @param password may be null when the server trusts the connection
   */
  record Login(String user, String password) {
    public Login {
      if (user == null || user.isBlank()) {
        throw new IllegalArgumentException("a database login needs a user");
      }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
      return "Login[user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
    }
  }
}
