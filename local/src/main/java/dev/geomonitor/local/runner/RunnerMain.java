package dev.geomonitor.local.runner;

import dev.geomonitor.alarms.AlarmConfig;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.platform.settings.SettingValues;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./run-local.sh}: the whole pipeline on this machine, real components, one command. */
@Command(
    name = "run-local",
    mixinStandardHelpOptions = true,
    subcommands = {ReprocessCommand.class, KafkaConsoleConsumerCommand.class},
    description = {
      "Starts a Kafka broker, PostgreSQL, an OpenSearch node, the API simulator (or polls --api-url), the producer",
      "loop, the Spark job, the OpenSearch sink and the live page, and prints progress until Ctrl-C (or --duration)."
    })
public final class RunnerMain implements Callable<Integer> {
  @Mixin StackOptions options;

  @Option(
      names = "--pipeline-version",
      defaultValue = "v1",
      description =
          "Job version to run when the data"
              + " directory is new (${DEFAULT-VALUE}); afterwards the version readers see is resumed.")
  String pipelineVersion;

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new RunnerMain());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + messageChain(e));
          commandLine
              .getErr()
              .println(
                  "(the data directory's logs/ and the service logs named above have details)");
          return 2;
        });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    try (ServingSession session =
        ServingSession.open(options, PipelineVersion.parse(pipelineVersion))) {
      LocalStack stack = session.stack();
      PipelineVersion serving = stack.store().activeVersion().orElseThrow();
      stack.startSimulator();
      stack.startProducer();
      stack.startJob(serving);
      stack.startSink(serving);
      stack.startPage();
      // Alarm settings (ALARMS_FILE, SMTP_*, WEBHOOK_SECRET...) come from the environment, as on
      // AWS.
      stack.startAlarms(AlarmConfig.from(SettingValues.environment()));
      session.printReady();
      session.serve(options.duration);
    }
    return 0;
  }

  static String messageChain(Throwable e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
        sb.append("\n  caused by: ").append(c.getMessage());
      }
    }
    return sb.toString();
  }

  static Topics topics() {
    return Topics.DEFAULT;
  }

  static void usage(CommandLine cli) {
    cli.usage(System.out);
  }
}
