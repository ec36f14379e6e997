package dev.geomonitor.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.local.page.HeadlessChromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * The runner pointed at a real API with {@code --api-url} (a local HTTP server answering one path
 * in v1 and one in v2): readings of both versions arrive, the simulator is not started; the
 * documented console-consumer command reads the embedded broker's topic; the page shows the
 * processing rate while readings flow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalApiRunnerIT {
  static final PipelineVersion V1 = PipelineVersion.parse("v1");

  FixedApiServer api;
  Path dataDir;
  LocalStack stack;
  Reconciliation reconciliation;

  @BeforeAll
  void startStackAgainstTheApi() {
    api = new FixedApiServer();
    dataDir = Paths.get("target", "external-api-" + UUID.randomUUID()).toAbsolutePath();
    RunnerMain main = new RunnerMain();
    new CommandLine(main)
        .parseArgs(
            "--api-url",
            api.base().toString(),
            "--endpoints",
            "/v1/params/water_standpipe/,/v2/params/all/",
            "--poll-interval",
            "PT1S",
            "--port",
            "0",
            "--simulator-port",
            "0",
            "--data-dir",
            dataDir.toString(),
            "--fresh");
    LocalSettings settings = main.options.settings(V1);
    stack = new LocalStack(settings, Topics.DEFAULT, line -> System.out.println("[stack] " + line));
    stack.startAll();
    reconciliation = new Reconciliation(stack);
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  @Order(1)
  void readingsOfBothApiVersionsArriveAndTheSimulatorIsNotStarted() {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                reconciliation.count(
                            "SELECT count(*) FROM monitoring.readings WHERE api_version = 'v1'"
                                + " AND borehole_number LIKE 'BH-EXT-%'")
                        > 0
                    && reconciliation.count(
                            "SELECT count(*) FROM monitoring.readings WHERE api_version = 'v2'"
                                + " AND borehole_number LIKE 'PZ-EXT-%'")
                        > 0);

    assertThat(stack.simulator()).isNull();
    assertThat(stack.source())
        .isEqualTo("API " + api.base() + " /v1/params/water_standpipe/,/v2/params/all/");
    assertThat(stack.health().snapshot().source()).isEqualTo(stack.source());
    assertThat(stack.health().progressLine()).startsWith("polled ");
  }

  @Test
  @Order(2)
  void theDocumentedConsoleConsumerCommandReadsTheReadingsTopic() throws Exception {
    // Given the command as README documents it, parsed by the runner
    CommandLine.ParseResult parsed =
        new CommandLine(new RunnerMain())
            .parseArgs(
                "kafka-console-consumer",
                "--data-dir",
                dataDir.toString(),
                "--topic",
                "monitoring.readings",
                "--from-beginning",
                "--max-messages",
                "3",
                "--timeout-ms",
                "60000");
    KafkaConsoleConsumerCommand command =
        (KafkaConsoleConsumerCommand) parsed.subcommand().commandSpec().userObject();
    List<String> line = KafkaConsoleConsumerCommand.command(command.dataDir, command.toolArgs);
    Path out = dataDir.resolve("console-consumer.out");

    // When Kafka's console consumer runs against the embedded broker
    Process process =
        new ProcessBuilder(line)
            .redirectOutput(out.toFile())
            .redirectError(dataDir.resolve("console-consumer.err").toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the console consumer finished").isTrue();

    // Then it printed three clean readings
    assertThat(process.exitValue()).isZero();
    List<String> records =
        Files.readAllLines(out, StandardCharsets.UTF_8).stream()
            .filter(l -> l.startsWith("{"))
            .toList();
    assertThat(records)
        .hasSize(3)
        .allSatisfy(r -> assertThat(r).contains("\"reading_id\"", "-EXT-"));
  }

  @Test
  @Order(3)
  void thePageShowsANonZeroRateWhileReadingsFlow() {
    // Given readings committed within the rate window (the producer still polls every second)
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> stack.health().snapshot().readingsPerSecond() > 0);

    // When the page renders
    String dom =
        HeadlessChromium.locate(dataDir).dumpDom(stack.page().url(), Duration.ofSeconds(6));

    // Then the tile shows the rate and says over what interval, and the header names the polled API
    double shown =
        Double.parseDouble(
            attribute(
                dom, "span class=\"kpi-value\" id=\"kpi-throughput\"", "data-readings-per-second"));
    assertThat(shown).isPositive();
    assertThat(
            attribute(
                dom, "span class=\"kpi-hint\" id=\"kpi-throughput-window\"", "data-window-seconds"))
        .isEqualTo(String.valueOf(StackHealth.RATE_WINDOW_SECONDS));
    assertThat(dom).contains(api.base().toString());
  }

  private static String attribute(String dom, String elementStart, String name) {
    Matcher m =
        Pattern.compile("<" + Pattern.quote(elementStart) + "[^>]*?\\s" + name + "=\"([^\"]*)\"")
            .matcher(dom);
    assertThat(m.find()).as("<%s ... %s=...> in the rendered page", elementStart, name).isTrue();
    return m.group(1);
  }
}
