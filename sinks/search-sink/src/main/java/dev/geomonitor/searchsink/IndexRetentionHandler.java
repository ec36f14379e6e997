package dev.geomonitor.searchsink;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Lambda entry point of the scheduled retention pass on AWS: one {@link IndexRetention#runOnce()}
 * per invocation (EventBridge, hourly). Signs as the sink's role, so the sink's fine-grained access
 * control role covers it: searching the pipeline's aliases and deleting documents in a bulk are
 * both within its {@code crud} permissions. A pass that fails or times out leaves the rest to the
 * next one (passes are idempotent).
 */
public final class IndexRetentionHandler implements RequestHandler<Map<String, Object>, String> {
  private final Supplier<IndexRetention> factory;
  private IndexRetention retention;

  /** Used by the Lambda runtime; the client is built on the first invocation. */
  public IndexRetentionHandler() {
    this(System.getenv());
  }

  IndexRetentionHandler(Map<String, String> settings) {
    SearchSinkConfig config = SearchSinkConfig.fromSettings(settings);
    this.factory =
        () ->
            new IndexRetention(
                OpenSearchClients.create(config),
                config.indexLayout(),
                config.retention(),
                Clock.systemUTC());
  }

  @Override
  public String handleRequest(Map<String, Object> event, Context context) {
    if (retention == null) {
      retention = factory.get();
    }
    return retention.runOnce().toString();
  }
}
