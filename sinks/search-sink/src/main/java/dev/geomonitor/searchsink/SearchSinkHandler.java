package dev.geomonitor.searchsink;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Lambda entry point for the MSK event source. The MSK source has no partial-batch response, so any
 * failure throws and Lambda retries the whole batch; that is safe because document ids are natural
 * keys, and records OpenSearch refuses for good are dead-lettered instead of failing the batch, so
 * a poison record cannot block its partition.
 */
public final class SearchSinkHandler implements RequestHandler<KafkaEvent, String> {
  private final Supplier<SearchSink> factory;
  private SearchSink sink;

  /**
   * Used by the Lambda runtime. Only the settings are read here: with SnapStart this constructor
   * runs when the version is published, before the domain may admit the function, and a snapshot
   * must hold no open connections. The clients (and the templates/aliases check) are built on the
   * first invocation, then kept for the execution environment.
   */
  public SearchSinkHandler() {
    this(System.getenv());
  }

  SearchSinkHandler(Map<String, String> settings) {
    SearchSinkConfig config = SearchSinkConfig.fromSettings(settings);
    this.factory = () -> fromConfig(config);
  }

  public SearchSinkHandler(SearchSink sink) {
    this.factory = () -> sink;
    this.sink = sink;
  }

  @Override
  public String handleRequest(KafkaEvent event, Context context) {
    if (sink == null) {
      sink = factory.get();
    }
    try {
      return sink.process(MskRecords.from(event)).toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted; Lambda will retry the batch", e);
    }
  }

  /**
   * The sink of one execution environment: OpenSearch client plus a DLQ producer, from the
   * function's settings. Templates and aliases are ensured once here (idempotent), so documents
   * never land in an index without them.
   */
  public static SearchSink fromConfig(SearchSinkConfig config) {
    var client = OpenSearchClients.create(config);
    new IndexAdmin(new OpenSearchRest(client), config.indexLayout())
        .ensure(config.pipelineVersion());
    var dlq =
        new KafkaDeadLetterPublisher(
            new KafkaProducer<>(KafkaClientSettings.producer(config)), config.topics().dlq());
    return SearchSink.create(config, client, dlq, StopSignal.never());
  }
}
