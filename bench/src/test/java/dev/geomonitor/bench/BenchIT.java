package dev.geomonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.bench.BenchSettings.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole bench at a tiny size against the real services: every stage reports a positive figure
 * and ratio.
 */
class BenchIT {
  @Test
  void tinyBenchReportsEveryStageWithAPositiveFigureAndRatio(@TempDir Path dir) throws Exception {
    // Given
    BenchSettings settings =
        new BenchSettings(
            2000,
            1,
            500,
            42,
            500,
            5,
            EnumSet.allOf(Stage.class),
            dir.resolve("out"),
            dir.resolve("work"));
    List<String> console = new ArrayList<>();

    // When
    BenchReport report =
        new Bench(
                settings,
                line -> {
                  console.add(line);
                  System.out.println(line);
                })
            .run();
    Path md = ReportWriter.write(report, settings.out());

    // Then
    assertThat(report.figures())
        .extracting(Figure::stage)
        .contains(
            "producer",
            "Spark job, backlog",
            "PostgreSQL write",
            "OpenSearch sink",
            "freshness at 500 readings/s");
    for (Figure f : report.figures()) {
      assertThat(f.median()).as(f.stage() + " / " + f.measure()).isPositive();
      if (f.hasCeiling()) {
        assertThat(f.ratio())
            .as(f.stage() + " / " + f.measure() + " ratio")
            .isPositive()
            .isFinite();
      }
    }
    assertThat(report.figures()).filteredOn(Figure::hasCeiling).hasSizeGreaterThanOrEqualTo(5);
    assertThat(report.peakRssBytes())
        .containsKeys("Kafka broker", "PostgreSQL (postmaster)", "OpenSearch node")
        .allSatisfy((name, bytes) -> assertThat(bytes).isPositive());
    assertThat(Files.readString(md)).contains("| producer |").contains("| Spark job, backlog |");
  }
}
