package dev.geomonitor.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Writes a {@link BenchReport} as JSON (for tools) and as a Markdown table (for the README). */
public final class ReportWriter {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  /**
   * Writes bench.json and bench.md into {@code dir} (created if needed) and returns the Markdown
   * path.
   */
  public static Path write(BenchReport report, Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("bench.json"), json(report));
      Path md = dir.resolve("bench.md");
      Files.writeString(md, markdown(report));
      return md;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the bench report into " + dir + ": " + e.getMessage(), e);
    }
  }

  public static String json(BenchReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("started_at", report.startedAt().toString());
    ObjectNode machine = root.putObject("machine");
    machine.put("cores", report.machine().cores());
    machine.put("jdk", report.machine().jdk());
    machine.put("os", report.machine().os());
    machine.put("load_average_at_start", report.machine().loadAverageAtStart());
    ObjectNode versions = root.putObject("versions");
    new TreeMap<>(report.versions()).forEach(versions::put);
    ObjectNode settings = root.putObject("settings");
    new TreeMap<>(report.settings()).forEach(settings::put);
    ArrayNode figures = root.putArray("figures");
    for (Figure f : report.figures()) {
      ObjectNode n = figures.addObject();
      n.put("stage", f.stage());
      n.put("measure", f.measure());
      n.put("unit", f.unit());
      n.put("median", f.median());
      n.put("min", f.min());
      n.put("max", f.max());
      f.samples().forEach(n.putArray("samples")::add);
      if (f.hasCeiling()) {
        n.put("ceiling", f.ceiling());
        n.put("ceiling_median", f.ceilingMedian());
        f.ceilingSamples().forEach(n.putArray("ceiling_samples")::add);
        n.put("ratio", f.ratio());
      }
      n.put("target", f.target());
    }
    ObjectNode rss = root.putObject("peak_rss_bytes");
    new TreeMap<>(report.peakRssBytes()).forEach(rss::put);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  public static String markdown(BenchReport report) {
    StringBuilder md = new StringBuilder();
    Machine m = report.machine();
    md.append(
        String.format(
            Locale.ROOT,
            "Bench of %s on %d cores, %s, %s, load average %.2f at start.%n%n",
            report.startedAt(),
            m.cores(),
            m.jdk(),
            m.os(),
            m.loadAverageAtStart()));
    md.append("Versions: ").append(join(report.versions())).append("  \n");
    md.append("Settings: ").append(join(report.settings())).append("\n\n");
    md.append(
        "| stage | measure | median | spread (min–max) | ceiling (same run) | ratio | target |\n");
    md.append("|---|---|---:|---:|---|---:|---|\n");
    for (Figure f : report.figures()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s %s | %s–%s | %s | %s | %s |%n",
              f.stage(),
              f.measure(),
              number(f.median()),
              f.unit(),
              number(f.min()),
              number(f.max()),
              f.hasCeiling()
                  ? f.ceiling() + ": " + number(f.ceilingMedian()) + " " + f.unit()
                  : "—",
              f.hasCeiling() ? String.format(Locale.ROOT, "%.2f", f.ratio()) : "—",
              f.target()));
    }
    if (!report.peakRssBytes().isEmpty()) {
      md.append("\n| process | peak RSS (VmHWM) |\n|---|---:|\n");
      long total = 0;
      for (Map.Entry<String, Long> e : new TreeMap<>(report.peakRssBytes()).entrySet()) {
        md.append(
            String.format(
                Locale.ROOT, "| %s | %d MB |%n", e.getKey(), e.getValue() / (1024 * 1024)));
        total += e.getValue();
      }
      md.append(String.format(Locale.ROOT, "| **all** | **%d MB** |%n", total / (1024 * 1024)));
    }
    return md.toString();
  }

  private static String join(Map<String, String> map) {
    StringBuilder s = new StringBuilder();
    new TreeMap<>(map)
        .forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return s.toString();
  }

  /** Rates read best as whole numbers, latencies in seconds need decimals. */
  private static String number(double v) {
    return Math.abs(v) >= 100
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.3f", v);
  }
}
