package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.Json;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorResponse;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.OperationType;

/** BulkIndexer against a mocked client: which items are retried, dead-lettered or waited for. */
class BulkIndexerTest {
  private static final BackoffPolicy FAST =
      new BackoffPolicy(Duration.ofMillis(1), Duration.ofMillis(5));

  private final OpenSearchClient client = mock(OpenSearchClient.class);

  private BulkIndexer indexer(int maxDocs, int maxAttempts, Duration maxOutage, StopSignal stop) {
    return new BulkIndexer(
        client,
        new BulkIndexer.Limits(maxDocs, 5_000_000, FAST, maxAttempts, maxOutage),
        stop,
        new Random(1),
        java.time.Clock.systemUTC());
  }

  private static List<IndexDocument> documents(int n) {
    return IntStream.range(0, n)
        .mapToObj(
            i -> {
              ObjectNode body = Json.MAPPER.createObjectNode().put("n", i);
              return new IndexDocument(
                  new SinkRecord("t", 0, i, null, new byte[10]),
                  DocumentKind.READINGS,
                  "readings-v1",
                  "id-" + i,
                  body,
                  100);
            })
        .toList();
  }

  /** A bulk answer that gives each operation the status the function picks for its id. */
  private static BulkResponse answer(
      BulkRequest request, Function<String, BulkResponseItem> perId) {
    List<BulkResponseItem> items = new ArrayList<>();
    for (BulkOperation op : request.operations()) {
      items.add(perId.apply(op.index().id()));
    }
    return BulkResponse.of(b -> b.took(1).errors(true).items(items));
  }

  private static BulkResponseItem ok(String id) {
    return BulkResponseItem.of(
        i -> i.operationType(OperationType.Index).index("readings-v1").id(id).status(201));
  }

  private static BulkResponseItem failed(String id, int status, String type) {
    return BulkResponseItem.of(
        i ->
            i.operationType(OperationType.Index)
                .index("readings-v1")
                .id(id)
                .status(status)
                .error(e -> e.type(type).reason("because " + type)));
  }

  @Test
  void itemsRefusedWith429AreRetriedUntilIndexed() throws Exception {
    // Given OpenSearch answers 429 for id-1 the first time only
    int[] calls = {0};
    when(client.bulk(any(BulkRequest.class)))
        .thenAnswer(
            inv -> {
              calls[0]++;
              return answer(
                  inv.getArgument(0),
                  id ->
                      calls[0] == 1 && id.equals("id-1")
                          ? failed(id, 429, "es_rejected_execution_exception")
                          : ok(id));
            });
    // When three documents are indexed
    BulkIndexer.Result result = indexer(100, 5, null, new StopSignal()).index(documents(3));
    // Then all are indexed, one retry was needed, and the retry sent only the refused item
    assertThat(result.items())
        .extracting(BulkIndexer.ItemResult::verdict)
        .containsOnly(ItemVerdict.INDEXED);
    assertThat(result.retries()).isEqualTo(1);
    ArgumentCaptor<BulkRequest> sent = ArgumentCaptor.forClass(BulkRequest.class);
    verify(client, times(2)).bulk(sent.capture());
    assertThat(sent.getAllValues().get(1).operations())
        .extracting(op -> op.index().id())
        .containsExactly("id-1");
  }

  @Test
  void mappingFailureIsReportedForTheDlqAndNotRetried() throws Exception {
    when(client.bulk(any(BulkRequest.class)))
        .thenAnswer(
            inv ->
                answer(
                    inv.getArgument(0),
                    id ->
                        id.equals("id-2") ? failed(id, 400, "mapper_parsing_exception") : ok(id)));
    BulkIndexer.Result result = indexer(100, 5, null, new StopSignal()).index(documents(4));
    assertThat(result.items())
        .filteredOn(r -> r.verdict() == ItemVerdict.DEAD_LETTER)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.document().id()).isEqualTo("id-2");
              assertThat(r.errorType()).isEqualTo("mapper_parsing_exception");
              assertThat(r.reason()).contains("mapper_parsing_exception");
              assertThat(r.status()).isEqualTo(400);
            });
    verify(client, times(1)).bulk(any(BulkRequest.class));
  }

  @Test
  void documentsAreSplitIntoBulksOfAtMostMaxDocs() throws Exception {
    when(client.bulk(any(BulkRequest.class)))
        .thenAnswer(inv -> answer(inv.getArgument(0), BulkIndexerTest::ok));
    BulkIndexer.Result result = indexer(2, 5, null, new StopSignal()).index(documents(5));
    assertThat(result.items())
        .hasSize(5)
        .extracting(r -> r.document().id())
        .containsExactly("id-0", "id-1", "id-2", "id-3", "id-4");
    verify(client, times(3)).bulk(any(BulkRequest.class));
  }

  @Test
  void unreachableClusterIsWaitedForThenIndexed() throws Exception {
    // Given two refused connections before OpenSearch answers
    int[] calls = {0};
    when(client.bulk(any(BulkRequest.class)))
        .thenAnswer(
            inv -> {
              if (++calls[0] <= 2) {
                throw new ConnectException("Connection refused");
              }
              return answer(inv.getArgument(0), BulkIndexerTest::ok);
            });
    // When documents are indexed; Then they all end up indexed after two whole-request retries
    BulkIndexer.Result result = indexer(100, 3, null, new StopSignal()).index(documents(2));
    assertThat(result.items())
        .extracting(BulkIndexer.ItemResult::verdict)
        .containsOnly(ItemVerdict.INDEXED);
    assertThat(result.retries()).isEqualTo(2);
  }

  @Test
  void outageLongerThanTheLimitFailsTheBatchInsteadOfDroppingIt() throws Exception {
    when(client.bulk(any(BulkRequest.class))).thenThrow(new ConnectException("Connection refused"));
    assertThatThrownBy(
            () -> indexer(100, 3, Duration.ofMillis(50), new StopSignal()).index(documents(2)))
        .isInstanceOf(BatchIncompleteException.class)
        .hasMessageContaining("SINK_MAX_OUTAGE_WAIT");
  }

  @Test
  void stopDuringAnOutageEndsTheWaitWithoutAResult() throws Exception {
    StopSignal stop = new StopSignal();
    when(client.bulk(any(BulkRequest.class)))
        .thenAnswer(
            inv -> {
              stop.raise();
              throw new ConnectException("Connection refused");
            });
    assertThatThrownBy(() -> indexer(100, 3, null, stop).index(documents(2)))
        .isInstanceOf(SinkStoppedException.class);
  }

  @Test
  void itemsStillRefusedAfterTheLastAttemptFailTheBatch() throws Exception {
    when(client.bulk(any(BulkRequest.class)))
        .thenAnswer(
            inv ->
                answer(inv.getArgument(0), id -> failed(id, 503, "unavailable_shards_exception")));
    assertThatThrownBy(() -> indexer(100, 3, null, new StopSignal()).index(documents(2)))
        .isInstanceOf(BatchIncompleteException.class)
        .hasMessageContaining("after 3 attempts")
        .hasMessageContaining("unavailable_shards_exception");
    verify(client, times(3)).bulk(any(BulkRequest.class));
  }

  /** OpenSearch refusing a whole bulk request for its content, as the client reports it. */
  private static OpenSearchException refusedWhole(int status, String type) {
    return new OpenSearchException(
        ErrorResponse.of(
            e -> e.status(status).error(c -> c.type(type).reason("refused: " + type))));
  }

  @Test
  void aBulkRefusedAsAWholeIsSplitUntilOnlyTheOffendingDocumentsAreDeadLettered() throws Exception {
    // Given OpenSearch refuses any bulk holding id-2 or id-5 as a whole (HTTP 400), and a 413 for
    // one holding id-6
    when(client.bulk(any(BulkRequest.class)))
        .thenAnswer(
            inv -> {
              BulkRequest request = inv.getArgument(0);
              List<String> ids = request.operations().stream().map(op -> op.index().id()).toList();
              if (ids.contains("id-2") || ids.contains("id-5")) {
                throw refusedWhole(400, "action_request_validation_exception");
              }
              if (ids.contains("id-6")) {
                throw refusedWhole(413, "content_too_long");
              }
              return answer(request, BulkIndexerTest::ok);
            });
    // When eight documents are indexed in one bulk
    BulkIndexer.Result result = indexer(100, 3, null, new StopSignal()).index(documents(8));
    // Then exactly those three are dead-lettered with the status and reason of their refusal, the
    // others indexed
    assertThat(result.items())
        .filteredOn(r -> r.verdict() == ItemVerdict.DEAD_LETTER)
        .extracting(
            r -> r.document().id(),
            BulkIndexer.ItemResult::status,
            BulkIndexer.ItemResult::errorType)
        .containsExactlyInAnyOrder(
            tuple("id-2", 400, "action_request_validation_exception"),
            tuple("id-5", 400, "action_request_validation_exception"),
            tuple("id-6", 413, "content_too_long"));
    assertThat(result.items()).filteredOn(r -> r.verdict() == ItemVerdict.INDEXED).hasSize(5);
    assertThat(result.items())
        .extracting(BulkIndexer.ItemResult::reason)
        .filteredOn(r -> r != null)
        .allSatisfy(r -> assertThat(r).contains("refused"));
  }

  @Test
  void aWholeBulkRefusedForAuthorisationStillStopsTheBatch() throws Exception {
    // A 403 is the sink's configuration, not a document: dead-lettering would empty the stream into
    // the DLQ
    when(client.bulk(any(BulkRequest.class))).thenThrow(refusedWhole(403, "security_exception"));
    assertThatThrownBy(() -> indexer(100, 3, null, new StopSignal()).index(documents(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("403");
  }
}
