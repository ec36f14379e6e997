package dev.geomonitor.local.runner;

import dev.geomonitor.domain.PipelineVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./run-local.sh reprocess --trigger-levels new-levels.json}: resumes the pipeline from its
 * data directory, replays the raw log through a new job version beside the serving one, switches
 * readers when it has caught up, then keeps serving the new version.
 */
@Command(
    name = "reprocess",
    mixinStandardHelpOptions = true,
    description = {
      "Kappa reprocessing: run version N+1 of the job from the beginning of the retained raw log into new outputs",
      "beside version N, report catch-up progress, switch the OpenSearch aliases and PostgreSQL views atomically",
      "once it has caught up, stop version N, then keep serving N+1 (until Ctrl-C or --duration)."
    })
final class ReprocessCommand implements Callable<Integer> {
  @Mixin StackOptions options;

  @Option(names = "--to", description = "Version to build (default: the serving version + 1).")
  String to;

  @Option(
      names = "--trigger-levels",
      description = "Trigger levels of the new version (JSON list; see docs).")
  Path triggerLevels;

  @Option(
      names = "--lag-threshold",
      defaultValue = "100",
      description = "Raw records of lag at which to switch (${DEFAULT-VALUE}).")
  long lagThreshold;

  @Option(
      names = "--resume",
      description = "Continue an interrupted reprocessing run from its checkpoint.")
  boolean resume;

  @Option(
      names = "--drop-old",
      description = "Drop the old version's indexes and tables after the switch.")
  boolean dropOld;

  @Option(
      names = "--timeout",
      defaultValue = "PT2H",
      description = "Give up catching up after (${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--exit-after-switch",
      description = "Stop once readers are switched instead of serving on.")
  boolean exitAfterSwitch;

  @Override
  public Integer call() throws Exception {
    try (ServingSession session = ServingSession.open(options, PipelineVersion.parse("v1"))) {
      LocalStack stack = session.stack();
      PipelineVersion from =
          stack
              .store()
              .activeVersion()
              .orElseThrow(
                  () ->
                      new Reprocessing.RefusedException(
                          "nothing to reprocess: the data directory has no serving version yet; run ./run-local.sh first"));
      PipelineVersion target = to == null ? from.next() : PipelineVersion.parse(to);
      var plan =
          new Reprocessing.Plan(
              from, target, triggerLevels, lagThreshold, resume, dropOld, timeout);
      Reprocessing reprocessing = new Reprocessing(stack, System.out::println);
      reprocessing.check(plan);
      stack.startSimulator();
      stack.startProducer();
      stack.startJob(from);
      stack.startSink(from);
      stack.startPage();
      session.printReady();
      System.out.println(
          "reprocessing " + from + " -> " + target + " (" + from + " keeps serving meanwhile)");
      Duration took = reprocessing.run(plan);
      System.out.printf("reprocessed into %s in %.1f s%n", target, took.toMillis() / 1000.0);
      if (!exitAfterSwitch) {
        session.serve(options.duration);
      }
    }
    return 0;
  }
}
