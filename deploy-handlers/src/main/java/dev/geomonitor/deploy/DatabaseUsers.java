package dev.geomonitor.deploy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * The database's least-privilege users, set up by the migration owner (the master user) after every
 * migration. Two group roles without login hold the privileges; the login users named by their
 * secrets are members of them, so the clone user that Secrets Manager's multi-user rotation creates
 * ({@code GRANT <user> TO <user>_clone}) inherits them.
 *
 * <ul>
 *   <li>{@value #WRITER_ROLE} (the Spark job): SELECT, INSERT, UPDATE on every table of every
 *       {@code pipeline_v*} schema (COPY FROM needs INSERT; the staging tables are temporary),
 *       SELECT on the monitoring schema, writes of {@code monitoring.trigger_levels} (the job syncs
 *       the levels it loaded) and UPDATE of {@code pipeline_state.activated_at} only, which {@code
 *       SELECT ... FOR UPDATE} needs for the activation lock the job takes at start. No CREATE on
 *       any schema and no ownership: no DDL, no DROP, no TRUNCATE.
 *   <li>{@value #READER_ROLE} (reporting): SELECT on the monitoring schema, whose views read the
 *       active version's tables with their owner's rights; nothing else.
 *   <li>{@value #ALARMS_ROLE} (the alarm functions: notifier and alarm API): SELECT on the
 *       monitoring schema, SELECT, INSERT, UPDATE on the alarm tables ({@link #ALARM_TABLES}) and
 *       USAGE of their id sequences; no DELETE (alarms are closed, never removed), no pipeline
 *       schema, no other writes.
 * </ul>
 *
 * Every statement is idempotent; passwords are sent as SCRAM-SHA-256 verifiers computed by the
 * driver, so no clear password reaches the server's statement log.
 */
final class DatabaseUsers {
  static final String WRITER_ROLE = "geomonitor_writer";
  static final String READER_ROLE = "geomonitor_reader";
  static final String ALARMS_ROLE = "geomonitor_alarms";

  /** The alarm tables (monitoring V5) and the id column of each that has a sequence, or null. */
  static final Map<String, String> ALARM_TABLES = alarmTables();

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String MONITORING = "monitoring";

  /** What a login user may do. */
  enum Access {
    WRITER(WRITER_ROLE),
    READER(READER_ROLE),
    ALARMS(ALARMS_ROLE);

    private final String role;

    Access(String role) {
      this.role = role;
    }

    String role() {
      return role;
    }
  }

  /** A login user as its secret holds it. */
  record Login(Access access, String username, String password) {
    Login {
      requireIdentifier(username, "username");
      if (Arrays.stream(Access.values()).anyMatch(a -> a.role().equals(username))) {
        throw new IllegalArgumentException(
            "database user "
                + username
                + " would be one of the group roles "
                + WRITER_ROLE
                + "/"
                + READER_ROLE
                + "/"
                + ALARMS_ROLE
                + ": give the login user another name");
      }
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException(
            "database user " + username + " has no password in its secret");
      }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
      return access + " " + username;
    }
  }

  private DatabaseUsers() {}

  /**
   * Creates the group roles and {@code logins} when missing, sets each login's password to its
   * secret's, and grants the privileges on the monitoring schema and every pipeline schema that
   * exists now.
   *
   * @return the pipeline schemas granted to the writer
   */
  static List<String> apply(Connection connection, List<Login> logins) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    try (Statement st = connection.createStatement()) {
      String database = quote(currentDatabase(st));
      List<String> schemas = pipelineSchemas(st);
      for (Access access : Access.values()) {
        createRole(connection, access.role(), false);
        st.execute("GRANT CONNECT ON DATABASE " + database + " TO " + access.role());
        st.execute("GRANT USAGE ON SCHEMA " + MONITORING + " TO " + access.role());
        st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + MONITORING + " TO " + access.role());
        st.execute(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA "
                + MONITORING
                + " GRANT SELECT ON TABLES TO "
                + access.role());
      }
      st.execute("GRANT TEMPORARY ON DATABASE " + database + " TO " + WRITER_ROLE);
      st.execute(
          "GRANT INSERT, UPDATE, DELETE ON " + MONITORING + ".trigger_levels TO " + WRITER_ROLE);
      st.execute(
          "GRANT UPDATE (activated_at) ON " + MONITORING + ".pipeline_state TO " + WRITER_ROLE);
      for (Map.Entry<String, String> table : ALARM_TABLES.entrySet()) {
        String name = MONITORING + "." + table.getKey();
        st.execute("GRANT SELECT, INSERT, UPDATE ON " + name + " TO " + ALARMS_ROLE);
        if (table.getValue() != null) {
          st.execute(
              "GRANT USAGE ON SEQUENCE "
                  + sequenceOf(connection, name, table.getValue())
                  + " TO "
                  + ALARMS_ROLE);
        }
      }
      for (String schema : schemas) {
        st.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + WRITER_ROLE);
        st.execute(
            "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA "
                + schema
                + " TO "
                + WRITER_ROLE);
        st.execute(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA "
                + schema
                + " GRANT SELECT, INSERT, UPDATE ON TABLES TO "
                + WRITER_ROLE);
      }
      PGConnection pg = connection.unwrap(PGConnection.class);
      for (Login login : logins) {
        createRole(connection, login.username(), true);
        pg.alterUserPassword(login.username(), login.password().toCharArray(), "scram-sha-256");
        st.execute("GRANT " + login.access().role() + " TO " + login.username());
      }
      return schemas;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static Map<String, String> alarmTables() {
    Map<String, String> tables = new LinkedHashMap<>();
    tables.put("alarms", "alarm_id");
    tables.put("alarm_events", "event_id");
    tables.put("alarm_processed_alerts", null);
    tables.put("instrument_watch", null);
    tables.put("alarm_notifications", "notification_id");
    tables.put("alarm_deliveries", "delivery_id");
    return java.util.Collections.unmodifiableMap(tables);
  }

  /** The sequence behind a bigserial column, as a qualified name safe to put in a statement. */
  private static String sequenceOf(Connection connection, String table, String column)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.oid = pg_get_serial_sequence(?, ?)::regclass")) {
      ps.setString(1, table);
      ps.setString(2, column);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no sequence behind " + table + "." + column);
        }
        return rs.getString(1);
      }
    }
  }

  private static void createRole(Connection connection, String role, boolean login)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      ps.setString(1, role);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
    }
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE ROLE " + role + (login ? " LOGIN" : " NOLOGIN"));
    } catch (SQLException e) {
      // 42710: created meanwhile by a concurrent run; the role is what we wanted
      if (!"42710".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  private static String currentDatabase(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static List<String> pipelineSchemas(Statement st) throws SQLException {
    List<String> schemas = new ArrayList<>();
    try (ResultSet rs =
        st.executeQuery(
            "SELECT nspname FROM pg_namespace WHERE nspname ~ '^pipeline_v[1-9][0-9]*$' ORDER BY nspname")) {
      while (rs.next()) {
        schemas.add(rs.getString(1));
      }
    }
    return schemas;
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static void requireIdentifier(String name, String what) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "database "
              + what
              + " '"
              + name
              + "' is not a plain PostgreSQL identifier:"
              + " use 1-63 lower-case letters, digits and underscores, starting with a letter or underscore");
    }
  }
}
