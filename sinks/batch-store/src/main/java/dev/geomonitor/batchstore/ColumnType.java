package dev.geomonitor.batchstore;

/**
 * The PostgreSQL types the output tables use, with the cast a bound parameter needs to reach that
 * type.
 */
enum ColumnType {
  TEXT("text"),
  TIMESTAMPTZ("timestamptz"),
  FLOAT8("double precision"),
  INT8("bigint"),
  INT4("integer"),
  BOOL("boolean"),
  JSONB("jsonb"),
  TEXT_ARRAY("text[]");

  private final String sqlName;

  ColumnType(String sqlName) {
    this.sqlName = sqlName;
  }

  String sqlName() {
    return sqlName;
  }
}
