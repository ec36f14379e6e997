package dev.geomonitor.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.RawReading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Raw-topic record values as the producer writes them, and batch DataFrames shaped like Spark's
 * Kafka source.
 */
final class RawRecords {
  static final Instant FETCHED = Instant.parse("2024-05-01T10:00:30Z");

  static final StructType KAFKA_SCHEMA =
      new StructType()
          .add("key", DataTypes.BinaryType)
          .add("value", DataTypes.BinaryType)
          .add("topic", DataTypes.StringType)
          .add("partition", DataTypes.IntegerType)
          .add("offset", DataTypes.LongType);

  private RawRecords() {}

  /** A v1 standpipe item: value field water_level, surface level given. */
  static ObjectNode v1Standpipe(String borehole, String ts, double waterLevel) {
    ObjectNode item = Json.MAPPER.createObjectNode();
    item.put("borehole_number", borehole);
    item.put("instrument", "water_standpipe");
    item.put("surface_level", 85.4);
    item.put("northing", 5814941);
    item.put("easting", 323796);
    item.put("water_level", waterLevel);
    item.put("timestamp", ts);
    return item;
  }

  /** A v2 item: value field reading. */
  static ObjectNode v2Item(String instrument, String borehole, String ts, double reading) {
    ObjectNode item = Json.MAPPER.createObjectNode();
    item.put("borehole_number", borehole);
    item.put("instrument", instrument);
    item.put("northing", 5812000.5);
    item.put("easting", 320000.25);
    item.put("reading", reading);
    item.put("timestamp", ts);
    return item;
  }

  static byte[] v1(ObjectNode item) {
    return raw("v1", "/params/water_standpipe/", "AHD (m)", FETCHED, item);
  }

  static byte[] v1(ObjectNode item, Instant fetchedAt) {
    return raw("v1", "/params/water_standpipe/", "AHD (m)", fetchedAt, item);
  }

  static byte[] v2(ObjectNode item) {
    return raw("v2", "/params/all/", null, FETCHED, item);
  }

  static byte[] raw(
      String version, String endpoint, String units, Instant fetchedAt, ObjectNode item) {
    return new RawReading(version, endpoint, units, "UTC", fetchedAt, "poll-1", item.toString())
        .toJsonBytes();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A batch DataFrame with the Kafka source's columns, one row per value, offsets 0, 1, 2... */
  static Dataset<Row> kafkaRows(SparkSession spark, String topic, List<byte[]> values) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      rows.add(RowFactory.create(utf8("k" + i), values.get(i), topic, 0, (long) i));
    }
    return spark.createDataFrame(rows, KAFKA_SCHEMA);
  }
}
