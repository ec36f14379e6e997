package dev.geomonitor.batchstore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One table of a pipeline version schema as the writer sees it: its columns in table order (the
 * migration's order, which the monitoring views repeat), its natural key and how a domain record
 * becomes a row of values.
 *
 * <p>Row values are plain Java objects: String, java.time.Instant, Double, Long, Integer, Boolean,
 * String[] (text[]); JSONB columns take their JSON text as a String.
 */
final class OutputTable<T> {
  record Column(String name, ColumnType type) {}

  /**
   * How a table's rows usually arrive: new (readings, alerts, rejections) or as updates of stored
   * ones (windows).
   */
  enum Arrival {
    MOSTLY_NEW,
    UPDATES
  }

  private final String name;
  private final List<Column> columns;
  private final List<String> keyColumns;
  private final int[] keyPositions;
  private final Function<T, Object[]> toRow;
  private final Arrival arrival;

  OutputTable(
      String name, List<Column> columns, List<String> keyColumns, Function<T, Object[]> toRow) {
    this(name, columns, keyColumns, Arrival.MOSTLY_NEW, toRow);
  }

  OutputTable(
      String name,
      List<Column> columns,
      List<String> keyColumns,
      Arrival arrival,
      Function<T, Object[]> toRow) {
    this.arrival = arrival;
    this.name = name;
    this.columns = List.copyOf(columns);
    this.keyColumns = List.copyOf(keyColumns);
    this.toRow = toRow;
    List<String> names = columnNames();
    this.keyPositions = keyColumns.stream().mapToInt(names::indexOf).toArray();
    if (Arrays.stream(keyPositions).anyMatch(p -> p < 0)) {
      throw new IllegalArgumentException(
          "key " + keyColumns + " of table " + name + " names an unknown column");
    }
  }

  String name() {
    return name;
  }

  List<Column> columns() {
    return columns;
  }

  List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  List<String> keyColumns() {
    return keyColumns;
  }

  Arrival arrival() {
    return arrival;
  }

  /**
   * {@code record} as one COPY text line with its natural key (values rendered the same way, joined
   * by tabs).
   */
  CopyLine copyLine(T record) {
    Object[] row = row(record);
    StringBuilder key = new StringBuilder(64);
    for (int i = 0; i < keyPositions.length; i++) {
      if (i > 0) {
        key.append('\t');
      }
      CopyText.appendValue(key, row[keyPositions[i]]);
    }
    StringBuilder line = new StringBuilder(256);
    CopyText.appendRow(line, row);
    return new CopyLine(key.toString(), line.toString());
  }

  /** The lines, one per natural key, the last line of a key winning (as {@link #rowsOf}). */
  static List<String> linesOf(List<CopyLine> lines) {
    Map<String, String> byKey = new LinkedHashMap<>(lines.size() * 4 / 3 + 1);
    for (CopyLine l : lines) {
      byKey.put(l.key(), l.line());
    }
    return new ArrayList<>(byKey.values());
  }

  private Object[] row(T record) {
    Object[] row = toRow.apply(record);
    if (row.length != columns.size()) {
      throw new IllegalStateException(
          "table " + name + " mapped a record to " + row.length + " values, not " + columns.size());
    }
    return row;
  }

  /**
   * The rows of {@code records}, one per natural key, the last record of a key winning. An upsert
   * statement may not touch the same row twice, and a micro-batch can legitimately carry a
   * corrected record after the original.
   */
  List<Object[]> rowsOf(List<T> records) {
    Map<List<Object>, Object[]> byKey = new LinkedHashMap<>(records.size() * 4 / 3 + 1);
    for (T r : records) {
      Object[] row = row(r);
      Object[] key = new Object[keyPositions.length];
      for (int i = 0; i < keyPositions.length; i++) {
        key[i] = row[keyPositions[i]];
      }
      byKey.put(Arrays.asList(key), row);
    }
    return new ArrayList<>(byKey.values());
  }
}
