package dev.geomonitor.searchsink;

import dev.geomonitor.domain.PipelineVersion;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Command line: the long-running local sink, and the index admin tasks reprocessing needs. Settings
 * from the env.
 */
@Command(
    name = "search-sink",
    mixinStandardHelpOptions = true,
    description =
        "Indexes the readings, aggregates, alerts (and DLQ) topics into OpenSearch. Settings: see README.",
    subcommands = {
      SearchSinkMain.Run.class,
      SearchSinkMain.Install.class,
      SearchSinkMain.SwitchAliases.class,
      SearchSinkMain.DropVersion.class
    })
public final class SearchSinkMain {

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new SearchSinkMain());
    // A bad setting is the operator's to fix: say which, without a stack trace; anything else keeps
    // its trace.
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof IllegalArgumentException) {
            line.getErr().println("search-sink: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    System.exit(cli.execute(args.length == 0 ? new String[] {"run"} : args));
  }

  static IndexAdmin admin(SearchSinkConfig config) {
    return new IndexAdmin(
        new OpenSearchRest(OpenSearchClients.create(config)), config.indexLayout());
  }

  @Command(
      name = "run",
      description = "Consume and index until stopped (SIGTERM / Ctrl-C stop it cleanly).")
  static final class Run implements Callable<Integer> {
    @Override
    public Integer call() throws InterruptedException {
      SearchSinkLoop loop =
          SearchSinkLoop.create(SearchSinkConfig.fromSettings(System.getenv())).start();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    loop.stop();
                    stopped.countDown();
                  },
                  "search-sink-shutdown"));
      while (loop.running()) {
        stopped.await(1, TimeUnit.SECONDS);
      }
      return loop.failure() == null ? 0 : 1;
    }
  }

  @Command(
      name = "install",
      description = "Install templates, create the version's indexes and missing aliases.")
  static final class Install implements Callable<Integer> {
    @Override
    public Integer call() {
      SearchSinkConfig config = SearchSinkConfig.fromSettings(System.getenv());
      admin(config).ensure(config.pipelineVersion());
      return 0;
    }
  }

  @Command(
      name = "switch-aliases",
      description = "Move readings/aggregates/alerts from one version to another.")
  static final class SwitchAliases implements Callable<Integer> {
    @Parameters(index = "0", description = "version the aliases point at now, e.g. v1")
    String from;

    @Parameters(index = "1", description = "version to point them at, e.g. v2")
    String to;

    @Override
    public Integer call() {
      admin(SearchSinkConfig.fromSettings(System.getenv()))
          .switchAliases(PipelineVersion.parse(from), PipelineVersion.parse(to));
      return 0;
    }
  }

  @Command(
      name = "drop-version",
      description = "Delete a version's indexes (refused while an alias uses them).")
  static final class DropVersion implements Callable<Integer> {
    @Parameters(index = "0", description = "version to drop, e.g. v1")
    String version;

    @Override
    public Integer call() {
      admin(SearchSinkConfig.fromSettings(System.getenv()))
          .dropVersion(PipelineVersion.parse(version));
      return 0;
    }
  }
}
