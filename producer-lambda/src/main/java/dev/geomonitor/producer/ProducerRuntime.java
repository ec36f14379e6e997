package dev.geomonitor.producer;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's long-lived clients (one HTTP client, one Kafka producer) and the core built on
 * them. Built once per process: at Lambda init, or by the local loop and the local runner. Closing
 * flushes and closes the Kafka producer.
 */
public final class ProducerRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProducerRuntime.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final ProducerConfig config;
  private final Producer<String, byte[]> producer;
  private final RawTopicPublisher publisher;
  private final PollCycle pollCycle;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Uses the given Kafka producer (tests pass a MockProducer); the runtime owns and closes it. */
  public ProducerRuntime(ProducerConfig config, Producer<String, byte[]> producer) {
    this.config = config;
    this.producer = producer;
    this.publisher = new RawTopicPublisher(producer, config.topics());
    SourceApiClient api =
        SourceApiClient.create(config, SourceApiClient.httpClient(config.connectTimeout()));
    this.pollCycle = new PollCycle(api, publisher, config.endpoints());
  }

  public static ProducerRuntime start(ProducerConfig config) {
    LOG.info(
        "producer: {} {} -> {} (raw '{}', dlq '{}', IAM auth {})",
        config.apiBaseUrl(),
        config.endpoints(),
        config.kafka().bootstrapServers(),
        config.topics().raw(),
        config.topics().dlq(),
        config.kafka().iamAuth());
    return new ProducerRuntime(config, config.kafka().producer());
  }

  public ProducerConfig config() {
    return config;
  }

  public PollCycle pollCycle() {
    return pollCycle;
  }

  public RawTopicPublisher publisher() {
    return publisher;
  }

  /** The polls of one scheduled Lambda invocation, as configured. */
  public ScheduledPolls scheduledPolls() {
    return new ScheduledPolls(
        pollCycle,
        config.pollsPerInvocation(),
        config.pollInterval(),
        config.safetyMargin(),
        config.readTimeout(),
        Sleeper.SYSTEM,
        Clock.systemUTC());
  }

  /**
   * A loop polling at the configured interval until stopped; see {@link ProducerLoop.Limits} for
   * bounds.
   */
  public ProducerLoop loop(ProducerLoop.Limits limits, ProducerLoop.Listener listener) {
    return new ProducerLoop(pollCycle, config.pollInterval(), limits, listener, Clock.systemUTC());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      // close() flushes what is still buffered; every poll has already awaited its own acks
      producer.close(CLOSE_TIMEOUT);
    }
  }
}
