package dev.geomonitor.local.runner;

import dev.geomonitor.embedded.broker.KafkaBrokerRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./run-local.sh kafka-console-consumer --topic monitoring.readings --from-beginning}:
 * Kafka's own console consumer (the broker's release, in its own JVM) against the running stack,
 * whose bootstrap address is read from the data directory. Every option except {@code --data-dir}
 * and {@code --print-command} goes to the tool.
 */
@Command(
    name = "kafka-console-consumer",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Kafka's console consumer against the broker of the stack running in --data-dir, e.g.",
      "  ./run-local.sh kafka-console-consumer --topic monitoring.readings --from-beginning --max-messages 5",
      "Other options go to the tool (org.apache.kafka.tools.consumer.ConsoleConsumer)."
    })
final class KafkaConsoleConsumerCommand implements Callable<Integer> {
  static final String TOOL = "org.apache.kafka.tools.consumer.ConsoleConsumer";

  @Option(
      names = "--data-dir",
      defaultValue = "data",
      description = "Data directory of the running stack" + " (${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--print-command",
      description = "Print the java command line instead of running it.")
  boolean printCommand;

  @Unmatched List<String> toolArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<String> command = command(dataDir, toolArgs);
    if (printCommand) {
      System.out.println(
          command.stream()
              .map(KafkaConsoleConsumerCommand::quoted)
              .collect(Collectors.joining(" ")));
      return 0;
    }
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }

  /** The java command line of the console consumer against the stack in {@code dataDir}. */
  static List<String> command(Path dataDir, List<String> toolArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    Path log4j = dataDir.toAbsolutePath().resolve("kafka").resolve("log4j.properties");
    if (Files.isRegularFile(log4j)) {
      command.add("-Dlog4j.configuration=" + log4j.toUri());
    }
    command.add("-cp");
    command.add(
        KafkaBrokerRuntime.classpath().stream()
            .map(Path::toString)
            .collect(Collectors.joining(":")));
    command.add(TOOL);
    if (!toolArgs.contains("--bootstrap-server")) {
      String bootstrap = StackAddresses.read(dataDir).kafka();
      requireListening(bootstrap, dataDir);
      command.add("--bootstrap-server");
      command.add(bootstrap);
    }
    command.addAll(toolArgs);
    return command;
  }

  /** A stopped stack is reported at once; the tool itself would retry the connection forever. */
  private static void requireListening(String bootstrap, Path dataDir) {
    int colon = bootstrap.lastIndexOf(':');
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(
          new java.net.InetSocketAddress(
              bootstrap.substring(0, colon), Integer.parseInt(bootstrap.substring(colon + 1))),
          2000);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the stack in "
              + dataDir.toAbsolutePath()
              + " is not running (nothing"
              + " listens on "
              + bootstrap
              + "): start ./run-local.sh"
              + " with the same --data-dir first");
    }
  }

  private static String quoted(String arg) {
    return arg.matches("[A-Za-z0-9_./:=,+@-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }

  /**
   * Where the running stack's services listen, as the runner wrote them into its data directory at
   * start-up.
   */
  record StackAddresses(String kafka, String jdbcUrl, String openSearch) {
    static final String FILE = "run-local.addresses";

    void write(Path dataDir) {
      Properties p = new Properties();
      p.setProperty("kafka.bootstrap.servers", kafka);
      p.setProperty("postgres.jdbc.url", jdbcUrl);
      p.setProperty("opensearch.url", openSearch);
      try (var out = Files.newOutputStream(dataDir.resolve(FILE))) {
        p.store(
            out,
            "written by ./run-local.sh at start-up; read by ./run-local.sh kafka-console-consumer");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + dataDir.resolve(FILE), e);
      }
    }

    static StackAddresses read(Path dataDir) {
      Path file = dataDir.toAbsolutePath().resolve(FILE);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            "no stack has run in "
                + dataDir.toAbsolutePath()
                + " ("
                + FILE
                + " missing): start ./run-local.sh first, or pass its --data-dir");
      }
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      return new StackAddresses(
          p.getProperty("kafka.bootstrap.servers"),
          p.getProperty("postgres.jdbc.url"),
          p.getProperty("opensearch.url"));
    }
  }
}
