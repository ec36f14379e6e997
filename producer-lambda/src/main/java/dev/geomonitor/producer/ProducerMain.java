package dev.geomonitor.producer;

import dev.geomonitor.domain.Topics;
import dev.geomonitor.platform.kafka.TopicProvisioner;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The local loop: polls the source API into Kafka at an interval until Ctrl-C (or --polls /
 * --duration-s), printing one progress line per poll. Options override the environment variables of
 * the same meaning (see README).
 */
@Command(
    name = "producer",
    mixinStandardHelpOptions = true,
    description = "Polls the geotechnical monitoring API into the raw Kafka topic.")
public final class ProducerMain implements Callable<Integer> {

  @Option(names = "--api-base-url", description = "source API root (env API_BASE_URL)")
  String apiBaseUrl;

  @Option(names = "--endpoints", description = "comma-separated paths to poll (env API_ENDPOINTS)")
  String endpoints;

  @Option(
      names = "--bootstrap-servers",
      description = "Kafka host:port list (env KAFKA_BOOTSTRAP_SERVERS)")
  String bootstrapServers;

  @Option(
      names = "--interval",
      description = "time between poll starts, ISO-8601 e.g. PT5S (env POLL_INTERVAL)")
  String interval;

  @Option(names = "--polls", description = "stop after this many polls (default: until stopped)")
  long polls;

  @Option(
      names = "--duration-s",
      description = "start no poll after this many seconds (default: until stopped)")
  Long durationSeconds;

  @Option(
      names = "--create-topics",
      description = "create the pipeline's topics first if they are absent")
  boolean createTopics;

  @Option(
      names = "--partitions",
      defaultValue = "3",
      description = "partitions of created topics (default 3)")
  int partitions;

  @Option(
      names = "--replication-factor",
      defaultValue = "1",
      description = "replication of created topics")
  short replicationFactor;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ProducerMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ProducerConfig config = ProducerConfig.fromEnvironment(overrides());
    if (createTopics) {
      createTopics(config.kafka(), config.topics());
    }
    ProducerRuntime runtime = ProducerRuntime.start(config);
    Duration duration = durationSeconds == null ? null : Duration.ofSeconds(durationSeconds);
    ProducerLoop loop = runtime.loop(new ProducerLoop.Limits(polls, duration), new ProgressLines());
    Thread shutdown =
        new Thread(
            () -> {
              // Ctrl-C: let the poll in flight finish and be acknowledged, then close (which
              // flushes)
              loop.stop();
              awaitQuietly(loop);
              runtime.close();
            },
            "producer-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    loop.start();
    loop.awaitTermination(Duration.ofMillis(Long.MAX_VALUE));
    runtime.close();
    System.out.println("stopped; " + loop.totals().describe());
    return loop.failure().isPresent() ? 1 : 0;
  }

  Map<String, String> overrides() {
    Map<String, String> o = new HashMap<>();
    if (apiBaseUrl != null) {
      o.put("API_BASE_URL", apiBaseUrl);
    }
    if (endpoints != null) {
      o.put("API_ENDPOINTS", endpoints);
    }
    if (bootstrapServers != null) {
      o.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    }
    if (interval != null) {
      o.put("POLL_INTERVAL", interval);
    }
    return o;
  }

  private void createTopics(KafkaSettings kafka, Topics topics) throws InterruptedException {
    try (Admin admin = kafka.admin()) {
      List<String> created =
          new TopicProvisioner(admin, kafka.deliveryTimeout())
              .ensure(TopicLayout.defaults(partitions, replicationFactor).specsFor(topics));
      System.out.println("topics created: " + (created.isEmpty() ? "none (all existed)" : created));
    }
  }

  private static void awaitQuietly(ProducerLoop loop) {
    try {
      loop.awaitTermination(Duration.ofMinutes(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One line per poll: what it did, how long it took, and the running totals. */
  private static final class ProgressLines implements ProducerLoop.Listener {
    @Override
    public void onPoll(PollSummary summary, ProducerLoop.Totals totals) {
      System.out.println(summary.describe() + " | " + totals.describe());
      summary.errors().forEach(e -> System.out.println("  error: " + e));
    }

    @Override
    public void onFailedPoll(PollFailedException failure, ProducerLoop.Totals totals) {
      System.out.println("poll failed: " + failure.getMessage() + " | " + totals.describe());
    }
  }
}
