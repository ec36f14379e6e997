package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.geomonitor.domain.Topics;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Lambda handler fed an MSK event as Lambda delivers it (base64 keys and values). */
@ExtendWith(Services.Resolver.class)
class SearchSinkHandlerIT {

  @Test
  void mskEventFixtureIsIndexedAndARetriedInvocationChangesNothing(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1);
        SearchSink sink = SearchSinkHandler.fromConfig(f.config.withTopics(topicsOf(f)))) {
      // Given a handler configured like the function (fixture topics, this test's index prefix and
      // DLQ)
      SearchSinkHandler handler = new SearchSinkHandler(sink);
      KafkaEvent event = EventLoader.loadKafkaEvent("msk-event.json");
      // When Lambda invokes it, and invokes it again with the same batch (a retry)
      String first = handler.handleRequest(event, null);
      handler.handleRequest(event, null);
      // Then the three readings and the alert are indexed once each
      assertThat(first).contains("indexed=4").contains("deadLettered=0");
      assertThat(f.count(DocumentKind.READINGS)).isEqualTo(3);
      assertThat(f.count(DocumentKind.ALERTS)).isEqualTo(1);
    }
  }

  @Test
  void unreachableOpenSearchFailsTheInvocationSoLambdaRetriesTheBatch(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1);
        SearchSink working = SearchSinkHandler.fromConfig(f.config.withTopics(topicsOf(f)));
        SearchSink failing = withoutOpenSearch(unreachable(f))) {
      // Given a sink whose OpenSearch endpoint refuses connections
      KafkaEvent event = EventLoader.loadKafkaEvent("msk-event.json");
      // When the handler runs; Then it throws (Lambda retries the batch) and nothing was indexed
      assertThatThrownBy(() -> new SearchSinkHandler(failing).handleRequest(event, null))
          .isInstanceOf(BatchIncompleteException.class);
      assertThat(f.count(DocumentKind.READINGS)).isZero();
      // And the retry against a reachable cluster indexes the batch
      new SearchSinkHandler(working).handleRequest(event, null);
      assertThat(f.count(DocumentKind.READINGS)).isEqualTo(3);
    }
  }

  /**
   * The core as fromConfig builds it, minus the template install (which would fail at init with no
   * cluster).
   */
  private static SearchSink withoutOpenSearch(SearchSinkConfig config) {
    return SearchSink.create(
        config,
        OpenSearchClients.create(config),
        new KafkaDeadLetterPublisher(
            new KafkaProducer<>(KafkaClientSettings.producer(config)), config.topics().dlq()),
        StopSignal.never());
  }

  private static Topics topicsOf(SinkFixture f) {
    return new Topics(
        Topics.DEFAULT.raw(),
        Topics.DEFAULT.readings(),
        Topics.DEFAULT.aggregates(),
        Topics.DEFAULT.alerts(),
        f.topics.dlq());
  }

  /**
   * The fixture's settings with an OpenSearch URL nothing listens on, giving up after two seconds.
   */
  private static SearchSinkConfig unreachable(SinkFixture f) {
    return SearchSinkConfig.fromSettings(
        Map.of(
            "OPENSEARCH_URL",
            "http://127.0.0.1:1",
            "KAFKA_BOOTSTRAP_SERVERS",
            f.config.kafkaBootstrapServers(),
            "SINK_MAX_OUTAGE_WAIT",
            "PT2S",
            "SINK_INDEX_PREFIX",
            f.prefix + "-",
            "TOPIC_DLQ",
            f.topics.dlq()));
  }
}
