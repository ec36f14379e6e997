package dev.geomonitor.job;

import dev.geomonitor.domain.TriggerLevelCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Loads the trigger levels: the defaults shipped in the domain module, overridden by a JSON file
 * named by config. The file is read through Spark, so it may live wherever Spark reads (a local
 * path for spark-submit, s3:// on EMR).
 */
public final class TriggerLevelsSource {
  private TriggerLevelsSource() {}

  public static TriggerLevelCatalog load(Optional<String> file, SparkSession spark) {
    if (file.isEmpty()) {
      return TriggerLevelCatalog.defaults();
    }
    List<Row> rows;
    try {
      rows = spark.read().option("wholetext", "true").text(file.get()).collectAsList();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read TRIGGER_LEVELS_FILE "
              + file.get()
              + ": "
              + e.getMessage()
              + " (give a path the driver can read, or leave it unset to use the shipped defaults)",
          e);
    }
    if (rows.size() != 1) {
      throw new IllegalArgumentException(
          "TRIGGER_LEVELS_FILE " + file.get() + " must be one JSON file");
    }
    try {
      Path local = Files.createTempFile("trigger-levels", ".json");
      try {
        Files.writeString(local, rows.get(0).getString(0), StandardCharsets.UTF_8);
        return TriggerLevelCatalog.withOverrides(local);
      } finally {
        Files.deleteIfExists(local);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot stage trigger levels from " + file.get() + " in a temp file", e);
    }
  }
}
