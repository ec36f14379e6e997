package dev.geomonitor.batchstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.domain.PipelineVersion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A store whose login a rotation replaces keeps writing: multi-user rotation switches the secret
 * from one role to its clone and later changes the first role's password. The test server trusts
 * loopback passwords, so the refusal is made by taking LOGIN from the old role (SQLSTATE 28000, the
 * class of 28P01 that RDS sends for a changed password).
 */
@ExtendWith(PostgresExtension.class)
class RotatedLoginIT {
  private BatchStoreConfig admin;
  private String first;
  private String clone;

  @BeforeEach
  void setUp(BatchStoreConfig config) throws SQLException {
    admin = config;
    new BatchStore(config).migrate(new PipelineVersion(1));
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    first = "job_" + suffix;
    clone = "job_" + suffix + "_clone";
    for (String role : new String[] {first, clone}) {
      execute("CREATE ROLE " + role + " LOGIN PASSWORD 'p-" + role + "'");
      execute("GRANT USAGE ON SCHEMA monitoring TO " + role);
    }
  }

  @Test
  void aRefusedLoginIsReadAgainFromTheSecretAndTheStoreGoesOnAsTheNewRole() throws SQLException {
    // Given a store logged in as the first role, whose secret has since switched to the clone
    AtomicReference<CredentialSource.Login> secret =
        new AtomicReference<>(new CredentialSource.Login(first, "p-" + first));
    BatchStore store = new BatchStore(loginAs(first).withCredentials(secret::get));
    assertThat(currentUser(store)).isEqualTo(first);
    secret.set(new CredentialSource.Login(clone, "p-" + clone));

    // When the next rotation takes the first role's login away
    execute("ALTER ROLE " + first + " NOLOGIN");

    // Then the store connects as the clone, and keeps doing so
    assertThat(currentUser(store)).isEqualTo(clone);
    assertThat(store.currentUser()).isEqualTo(clone);
    assertThat(currentUser(store)).isEqualTo(clone);
  }

  @Test
  void aSecretStillHoldingTheRefusedLoginReportsTheRefusal() throws SQLException {
    // Given a secret the rotation has not updated yet
    CredentialSource.Login held = new CredentialSource.Login(first, "p-" + first);
    BatchStore store = new BatchStore(loginAs(first).withCredentials(() -> held));
    execute("ALTER ROLE " + first + " NOLOGIN");

    // Then the database's refusal is what the caller sees (the batch fails and is retried)
    assertThatThrownBy(() -> currentUser(store))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
  }

  @Test
  void withoutASourceARefusedLoginIsAnError() throws SQLException {
    BatchStore store = new BatchStore(loginAs(first));
    execute("ALTER ROLE " + first + " NOLOGIN");

    assertThatThrownBy(() -> currentUser(store))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(first);
  }

  @Test
  void theConfigNamesTheSourceButNeverAPassword() {
    BatchStoreConfig config =
        loginAs(first).withCredentials(() -> new CredentialSource.Login(clone, "s3cret"));

    assertThat(config.toString()).doesNotContain("p-" + first).doesNotContain("s3cret");
    assertThat(new CredentialSource.Login(clone, "s3cret").toString()).doesNotContain("s3cret");
  }

  private BatchStoreConfig loginAs(String role) {
    return new BatchStoreConfig(admin.jdbcUrl(), role, "p-" + role);
  }

  private static String currentUser(BatchStore store) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = new BatchStore(admin).dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
