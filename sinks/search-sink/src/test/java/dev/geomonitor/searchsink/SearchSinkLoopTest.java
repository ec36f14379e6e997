package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.geomonitor.domain.Topics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.OperationType;

/**
 * The loop's commit order, with a mocked consumer and cluster: the only way to time a stop inside a
 * retry pause.
 */
class SearchSinkLoopTest {
  private static final Topics TOPICS = Topics.DEFAULT.withPrefix("unit.");
  private static final TopicPartition TP = new TopicPartition(TOPICS.readings(), 0);

  /**
   * Records every commit; the loop closes the consumer, after which MockConsumer answers nothing.
   */
  static final class RecordingConsumer extends MockConsumer<String, byte[]> {
    final List<Map<TopicPartition, OffsetAndMetadata>> commits = new CopyOnWriteArrayList<>();

    RecordingConsumer() {
      super(OffsetResetStrategy.EARLIEST);
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      commits.add(Map.copyOf(offsets));
      super.commitSync(offsets);
    }
  }

  private static void add(
      MockConsumer<String, byte[]> consumer, String borehole, int fromOffset, int n) {
    for (int i = 0; i < n; i++) {
      consumer.addRecord(
          new ConsumerRecord<>(
              TP.topic(),
              0,
              fromOffset + i,
              "k",
              Samples.json(Samples.reading(borehole, Samples.T0.plusSeconds(60L * i), 80.0))));
    }
  }

  @Test
  void aStopDuringOneBatchsRetryPauseNeverCommitsALaterBatchPastIt() throws Exception {
    // Given batch A (offsets 0-4) that OpenSearch keeps refusing with 429, then batch B (5-9) that
    // it indexes
    OpenSearchClient client = mock(OpenSearchClient.class);
    when(client.bulk(any(BulkRequest.class)))
        .thenAnswer(
            inv -> {
              BulkRequest request = inv.getArgument(0);
              List<BulkResponseItem> items = new java.util.ArrayList<>();
              for (BulkOperation op : request.operations()) {
                String id = op.index().id();
                items.add(
                    BulkResponseItem.of(
                        i -> {
                          i.operationType(OperationType.Index).index(op.index().index()).id(id);
                          return id.contains("BH-A")
                              ? i.status(429)
                                  .error(
                                      e ->
                                          e.type("es_rejected_execution_exception")
                                              .reason("queue full"))
                              : i.status(201);
                        }));
              }
              return BulkResponse.of(b -> b.took(1).errors(true).items(items));
            });
    SearchSinkConfig config =
        SearchSinkConfig.local(URI.create("http://127.0.0.1:9"), "127.0.0.1:9", TOPICS, "unit-");
    StopSignal stop = new StopSignal();
    SearchSink sink =
        new SearchSink(
            new DocumentMapper(config.indexLayout(), TOPICS, false),
            new BulkIndexer(client, BulkIndexer.Limits.of(config), stop),
            mock(DeadLetterPublisher.class),
            Clock.systemUTC());
    RecordingConsumer consumer = new RecordingConsumer();
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(TP));
          consumer.updateBeginningOffsets(Map.of(TP, 0L));
          add(consumer, "BH-A", 0, 5);
        });
    consumer.schedulePollTask(() -> {}); // the top-up poll of batch A finds nothing
    consumer.schedulePollTask(() -> add(consumer, "BH-B", 5, 5));
    SearchSinkLoop loop =
        new SearchSinkLoop(config, consumer, sink, mock(IndexAdmin.class), stop, List.of());

    // When B is indexed while A waits out its retry pauses, and then the loop is stopped
    loop.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> loop.totals().indexed() >= 5);
    loop.stop();

    // Then nothing was committed: committing B would have moved the partition past A's unindexed
    // records
    assertThat(loop.running()).isFalse();
    assertThat(consumer.commits)
        .allSatisfy(c -> assertThat(c.get(TP).offset()).isLessThanOrEqualTo(0));
  }
}
