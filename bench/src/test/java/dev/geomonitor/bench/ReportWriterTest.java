package dev.geomonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  private static final BenchReport REPORT =
      new BenchReport(
          Instant.parse("2026-11-24T21:00:00Z"),
          new Machine(2, "OpenJDK 17.0.13", "Linux 6.1 amd64", 3.25),
          Map.of("Spark", "3.5.3"),
          Map.of("readings", "2000"),
          List.of(
              new Figure(
                  "Spark job, backlog",
                  "real sinks",
                  "readings/s",
                  List.of(1000.0, 1200.0, 1100.0),
                  "same job, SINK_MODE=noop",
                  List.of(2000.0, 2200.0, 2400.0),
                  ">= 0.7 x noop"),
              Figure.withoutCeiling("freshness", "p95 to searchable", "s", List.of(0.5), "<= 2 s")),
          Map.of("Kafka broker", 300L * 1024 * 1024, "PostgreSQL (postmaster)", 40L * 1024 * 1024));

  @Test
  void jsonCarriesMedianSpreadCeilingAndRatio() throws Exception {
    JsonNode root = new ObjectMapper().readTree(ReportWriter.json(REPORT));
    JsonNode spark = root.get("figures").get(0);
    assertThat(spark.get("median").asDouble()).isEqualTo(1100.0);
    assertThat(spark.get("min").asDouble()).isEqualTo(1000.0);
    assertThat(spark.get("max").asDouble()).isEqualTo(1200.0);
    assertThat(spark.get("ceiling_median").asDouble()).isEqualTo(2200.0);
    assertThat(spark.get("ratio").asDouble()).isEqualTo(0.5);
    assertThat(root.get("figures").get(1).has("ratio")).isFalse();
    assertThat(root.get("machine").get("cores").asInt()).isEqualTo(2);
    assertThat(root.get("peak_rss_bytes").get("Kafka broker").asLong())
        .isEqualTo(300L * 1024 * 1024);
  }

  @Test
  void markdownHasOneRowPerFigureWithRatioAndAMemoryTotal() {
    String md = ReportWriter.markdown(REPORT);
    assertThat(md)
        .contains(
            "| Spark job, backlog | real sinks | 1,100 readings/s | 1,000–1,200 | "
                + "same job, SINK_MODE=noop: 2,200 readings/s | 0.50 | >= 0.7 x noop |");
    assertThat(md)
        .contains("| freshness | p95 to searchable | 0.500 s | 0.500–0.500 | — | — | <= 2 s |");
    assertThat(md).contains("| **all** | **340 MB** |");
    assertThat(md).contains("2 cores").contains("load average 3.25");
  }

  @Test
  void writesBothFilesIntoTheOutputDirectory(@TempDir Path dir) throws Exception {
    Path md = ReportWriter.write(REPORT, dir.resolve("nested/bench"));
    assertThat(Files.readString(md)).isEqualTo(ReportWriter.markdown(REPORT));
    assertThat(Files.readString(dir.resolve("nested/bench/bench.json")))
        .isEqualTo(ReportWriter.json(REPORT));
  }
}
