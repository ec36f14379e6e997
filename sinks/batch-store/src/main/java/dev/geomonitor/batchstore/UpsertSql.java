package dev.geomonitor.batchstore;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The upsert statements of the output tables. The update side uses only EXCLUDED values (no binds),
 * and skips rows that would not change, so replaying records that are already stored creates no
 * dead tuples.
 */
final class UpsertSql {
  private UpsertSql() {}

  /**
   * Moves every row of {@code source} (a staging table with the same column names) into the table,
   * in key order: writers touching overlapping keys then lock rows in the same order (no deadlock),
   * and index pages are visited in sequence (measured slightly cheaper for updates).
   */
  static String insertSelect(String schema, OutputTable<?> table, String source) {
    String cols = String.join(", ", table.columnNames());
    return "INSERT INTO "
        + qualified(schema, table)
        + " AS t ("
        + cols
        + ") SELECT "
        + cols
        + " FROM "
        + source
        + " ORDER BY "
        + String.join(", ", table.keyColumns())
        + onConflict(table);
  }

  /** One row per execution, for JDBC batches; JSONB and text[] parameters are cast from text. */
  static String insertValues(String schema, OutputTable<?> table) {
    String params =
        table.columns().stream()
            .map(
                c ->
                    switch (c.type()) {
                      case JSONB -> "?::jsonb";
                      default -> "?";
                    })
            .collect(Collectors.joining(", "));
    return "INSERT INTO "
        + qualified(schema, table)
        + " AS t ("
        + String.join(", ", table.columnNames())
        + ") VALUES ("
        + params
        + ")"
        + onConflict(table);
  }

  static String qualified(String schema, OutputTable<?> table) {
    return schema + "." + table.name();
  }

  private static String onConflict(OutputTable<?> table) {
    List<String> updated =
        table.columnNames().stream().filter(c -> !table.keyColumns().contains(c)).toList();
    String set =
        updated.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
    String current = updated.stream().map(c -> "t." + c).collect(Collectors.joining(", "));
    String incoming = updated.stream().map(c -> "EXCLUDED." + c).collect(Collectors.joining(", "));
    return " ON CONFLICT ("
        + String.join(", ", table.keyColumns())
        + ") DO UPDATE SET "
        + set
        + " WHERE ("
        + current
        + ") IS DISTINCT FROM ("
        + incoming
        + ")";
  }
}
