package dev.geomonitor.producer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda entry point: an EventBridge schedule invokes it, it runs the configured poll cycles
 * within the invocation's remaining time and returns their summary. Configuration is read at init;
 * the clients are built once per execution environment, on its first invocation.
 *
 * <p>Why not at init: with SnapStart, init runs once and every execution environment is restored
 * from the same snapshot. An idempotent Kafka producer made at init would be restored many times
 * with one producer id and one sequence counter, and the broker would take one environment's
 * batches for duplicates of another's (silently dropped) or reject them as out of sequence. Built
 * on first invoke, each restored environment gets its own producer id from the broker.
 */
public final class PollHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
  private static final Logger LOG = LoggerFactory.getLogger(PollHandler.class);

  private final Supplier<ProducerRuntime> runtimeFactory;
  private ScheduledPolls polls;

  /** What the Lambda runtime calls: configuration from the environment, clients on first invoke. */
  public PollHandler() {
    this(lazily(ProducerConfig.fromEnvironment()));
  }

  public PollHandler(ProducerRuntime runtime) {
    this(() -> runtime);
  }

  /** The runtime is made by {@code runtimeFactory} on the first invocation, never before. */
  PollHandler(Supplier<ProducerRuntime> runtimeFactory) {
    this.runtimeFactory = runtimeFactory;
  }

  private static Supplier<ProducerRuntime> lazily(ProducerConfig config) {
    return () -> ProducerRuntime.start(config);
  }

  /**
   * One invocation at a time per execution environment: no locking needed, but keep it correct if
   * that changes.
   */
  private synchronized ScheduledPolls polls() {
    if (polls == null) {
      polls = runtimeFactory.get().scheduledPolls();
    }
    return polls;
  }

  @Override
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    LOG.info("scheduled event {} ({})", event.getId(), event.getTime());
    try {
      Map<String, Object> summary =
          polls().run(context::getRemainingTimeInMillis).failIfNothingPublished().toMap();
      LOG.info("invocation summary {}", summary);
      return summary;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the invocation was interrupted while polling", e);
    }
  }
}
