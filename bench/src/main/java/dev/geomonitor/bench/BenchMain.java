package dev.geomonitor.bench;

import dev.geomonitor.bench.BenchSettings.Stage;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench.sh}: measures each stage of the pipeline against a ceiling measured in the same
 * run.
 */
@Command(
    name = "bench.sh",
    mixinStandardHelpOptions = true,
    description =
        "Starts the embedded services, runs a reproducible workload through each selected stage and prints"
            + " and writes (JSON + Markdown) each figure with its ceiling. Exits 2 if a run lost or duplicated data.")
public final class BenchMain implements Callable<Integer> {
  static final int DATA_LOSS_EXIT = 2;

  @Option(names = "--readings", description = "readings in the workload (default ${DEFAULT-VALUE})")
  int readings = 200_000;

  @Option(
      names = "--repeat",
      description =
          "measurements per figure; median and spread reported (default ${DEFAULT-VALUE})")
  int repeat = 3;

  @Option(
      names = "--instruments",
      description = "instruments the workload spreads over (default ${DEFAULT-VALUE})")
  int instruments = 500;

  @Option(names = "--seed", description = "workload seed (default ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(
      names = "--rate",
      description = "steady rate of the freshness run, readings/s (default ${DEFAULT-VALUE})")
  int rate = 2000;

  @Option(
      names = "--freshness-seconds",
      description = "length of the freshness run (default ${DEFAULT-VALUE})")
  int freshnessSeconds = 30;

  @Option(
      names = "--stages",
      split = ",",
      description = "subset of ${COMPLETION-CANDIDATES} (default all)")
  Set<Stage> stages = EnumSet.allOf(Stage.class);

  @Option(names = "--out", description = "report directory (default ${DEFAULT-VALUE})")
  Path out = Path.of("bench/target/bench");

  @Option(names = "--work-dir", description = "services' data (default: a new temporary directory)")
  Path workDir;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public Integer call() throws Exception {
    Path work = WorkDir.of(workDir, "geomonitor-bench-");
    BenchSettings settings =
        new BenchSettings(
            readings, repeat, instruments, seed, rate, freshnessSeconds, stages, out, work);
    BenchReport report;
    try {
      report = new Bench(settings, System.out::println).run();
    } catch (DataLossException e) {
      System.err.println("bench refused to report: " + e.getMessage());
      return DATA_LOSS_EXIT;
    }
    Path md = ReportWriter.write(report, settings.out());
    System.out.println();
    System.out.print(ReportWriter.markdown(report));
    System.out.println("\nwritten: " + md + " and " + md.resolveSibling("bench.json"));
    return 0;
  }
}
