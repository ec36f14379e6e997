package dev.geomonitor.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own producer benchmark run in a separate JVM: the ceiling our producer is compared with.
 * Parses the summary line the tool prints last.
 */
public final class ProducerPerformance {

  private static final Pattern SUMMARY =
      Pattern.compile(
          "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency,"
              + " ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");

  private final Function<List<String>, List<String>> javaCommand;
  private final String bootstrapServers;
  private final Path workDir;

  ProducerPerformance(
      Function<List<String>, List<String>> javaCommand, String bootstrapServers, Path workDir) {
    this.javaCommand = javaCommand;
    this.bootstrapServers = bootstrapServers;
    this.workDir = workDir;
  }

  Result execute(Run run) {
    Path log = workDir.resolve("producer-performance-" + UUID.randomUUID() + ".log");
    List<String> args = new ArrayList<>();
    args.add("org.apache.kafka.tools.ProducerPerformance");
    args.addAll(List.of("--topic", run.topic()));
    args.addAll(List.of("--num-records", Long.toString(run.numRecords())));
    if (run.payloadFile() != null) {
      // Payloads drawn from real records: compression then works on them as it does on ours.
      args.addAll(
          List.of("--payload-file", run.payloadFile().toString(), "--payload-delimiter", "\n"));
    } else {
      args.addAll(List.of("--record-size", Integer.toString(run.recordSize())));
    }
    args.addAll(List.of("--throughput", "-1"));
    args.add("--producer-props");
    Map<String, String> props = new TreeMap<>(run.producerProperties());
    props.put("bootstrap.servers", bootstrapServers);
    props.forEach((key, value) -> args.add(key + "=" + value));
    ChildProcess child =
        ChildProcess.launch(
            "ProducerPerformance on " + run.topic(),
            javaCommand.apply(args),
            Map.of(),
            workDir,
            log);
    int exit = child.awaitExit(run.timeout());
    String output = read(log);
    if (exit != 0) {
      throw new IllegalStateException(
          "ProducerPerformance exited with " + exit + "; see " + log + "\n" + child.logTail());
    }
    return parseSummary(output)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "ProducerPerformance printed no summary line; see "
                        + log
                        + "\n"
                        + child.logTail()));
  }

  /** The last summary line in the tool's output (the one with percentiles), if any. */
  static Optional<Result> parseSummary(String output) {
    Matcher matcher = SUMMARY.matcher(output);
    Result last = null;
    while (matcher.find()) {
      last =
          new Result(
              Long.parseLong(matcher.group(1)),
              Double.parseDouble(matcher.group(2)),
              Double.parseDouble(matcher.group(3)),
              Double.parseDouble(matcher.group(4)),
              Double.parseDouble(matcher.group(5)),
              Integer.parseInt(matcher.group(6)),
              Integer.parseInt(matcher.group(7)),
              Integer.parseInt(matcher.group(8)),
              Integer.parseInt(matcher.group(9)));
    }
    return Optional.ofNullable(last);
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ProducerPerformance output " + log, e);
    }
  }

  /**
   * One benchmark run, as fast as the producer can (no throttle): records of {@code recordSize}
   * random bytes, or, with a {@code payloadFile}, records drawn at random from its lines (the
   * tool's --payload-file).
   */
  public record Run(
      String topic,
      long numRecords,
      int recordSize,
      Path payloadFile,
      Map<String, String> producerProperties,
      Duration timeout) {

    public Run {
      if (numRecords <= 0 || recordSize <= 0) {
        throw new IllegalArgumentException(
            "numRecords and recordSize must be positive, got " + numRecords + " and " + recordSize);
      }
      producerProperties = Map.copyOf(producerProperties);
    }

    public static Run of(
        String topic, long numRecords, int recordSize, Map<String, String> producerProperties) {
      return new Run(
          topic, numRecords, recordSize, null, producerProperties, Duration.ofMinutes(5));
    }

    /**
     * The same run with payloads taken from the lines of {@code file} (one record value per line).
     */
    public Run withPayloads(Path file) {
      return new Run(topic, numRecords, recordSize, file, producerProperties, timeout);
    }
  }

  /** The tool's summary; latencies in milliseconds. */
  public record Result(
      long records,
      double recordsPerSecond,
      double megabytesPerSecond,
      double avgLatencyMs,
      double maxLatencyMs,
      int p50LatencyMs,
      int p95LatencyMs,
      int p99LatencyMs,
      int p999LatencyMs) {}
}
