package dev.geomonitor.batchstore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads whole tables and query results back for assertions. */
final class Tables {
  private Tables() {}

  /**
   * Every row of a relation as its text form, sorted: equal lists mean equal contents, column by
   * column.
   */
  static List<String> contents(DataSource ds, String relation) {
    return column(ds, "SELECT t::text FROM " + relation + " t ORDER BY 1");
  }

  static long count(DataSource ds, String relation) {
    return Long.parseLong(column(ds, "SELECT count(*) FROM " + relation).get(0));
  }

  static List<String> column(DataSource ds, String sql) {
    List<String> out = new ArrayList<>();
    for (List<String> row : rows(ds, sql)) {
      out.add(row.get(0));
    }
    return out;
  }

  static List<List<String>> rows(DataSource ds, String sql) {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<List<String>> out = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("test query failed: " + sql, e);
    }
  }

  static void execute(DataSource ds, String sql) {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test statement failed: " + sql, e);
    }
  }
}
