package dev.geomonitor.producer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda entry point: an EventBridge schedule invokes it, it runs the configured poll cycles within the
 * invocation's remaining time and returns their summary. Clients are built once per container, at init.
 */
public final class PollHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
  private static final Logger LOG = LoggerFactory.getLogger(PollHandler.class);

  private final ScheduledPolls polls;

  /** What the Lambda runtime calls: configuration from the environment. */
  public PollHandler() {
    this(ProducerRuntime.start(ProducerConfig.fromEnvironment()));
  }

  public PollHandler(ProducerRuntime runtime) {
    this.polls = runtime.scheduledPolls();
  }

  @Override
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    LOG.info("scheduled event {} ({})", event.getId(), event.getTime());
    try {
      Map<String, Object> summary =
          polls.run(context::getRemainingTimeInMillis).failIfNothingPublished().toMap();
      LOG.info("invocation summary {}", summary);
      return summary;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the invocation was interrupted while polling", e);
    }
  }
}
