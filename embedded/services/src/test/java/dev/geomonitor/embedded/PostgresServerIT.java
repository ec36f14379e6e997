package dev.geomonitor.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerIT {

  @TempDir Path dir;

  @Test
  void tableAndRowsSurviveAStopAndAStartOnTheSameDir() throws SQLException {
    // Given a server with a table holding one row
    String jdbcUrl;
    long firstPid;
    try (PostgresServer pg = PostgresServer.start(dir);
        Connection connection = pg.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE readings (instrument_id text PRIMARY KEY, value_m double precision)");
      statement.execute("INSERT INTO readings VALUES ('INC-01', 12.5)");
      jdbcUrl = pg.jdbcUrl();
      firstPid = pg.pid();
    }

    // When the server has stopped and starts again on the same dir
    assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();
    try (PostgresServer pg = PostgresServer.start(dir);
        Connection connection =
            DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT instrument_id, value_m FROM readings")) {

      // Then the URL is the same and the row is still there
      assertThat(pg.jdbcUrl()).isEqualTo(jdbcUrl);
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("INC-01");
      assertThat(rows.getDouble(2)).isEqualTo(12.5);
      assertThat(rows.next()).isFalse();
    }
  }
}
