package dev.geomonitor.searchsink;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.embedded.OpenSearchNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;

/**
 * Throughput figure, not a test: the sink's docs/s (Kafka -> loop -> OpenSearch, item checks,
 * commits) against a raw bulk-indexing ceiling (plain client, same documents, best of a few bulk
 * sizes), measured in one run on one node. Run: {@code java -cp <test classpath>
 * dev.geomonitor.searchsink.SinkThroughputBenchmark [readings]}.
 */
public final class SinkThroughputBenchmark {
  private static final int[] RAW_BULK_SIZES = {500, 1000, 2000, 5000};

  private SinkThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path work = Files.createTempDirectory("search-sink-bench-");
    try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"));
        OpenSearchNode node = OpenSearchNode.start(work.resolve("opensearch"))) {
      List<EnrichedReading> readings = readings(n);
      double[] sink = null;
      // Warm-up: a JVM and a node that have never indexed are slower, and whichever ran first would
      // pay for it.
      rawRate(node, readings.subList(0, Math.min(n, 20_000)), 1000, "bench-warmup-");
      // The ceiling is measured on both sides of the sink: on a shared machine the load drifts
      // between phases, and
      // a ceiling taken only afterwards also enjoys a warmer node.
      double best = 0;
      int bestSize = 0;
      StringBuilder raw = new StringBuilder();
      for (String phase : new String[] {"before", "after"}) {
        if (phase.equals("after")) {
          sink = sinkRate(broker, node, readings);
        }
        raw.append(' ').append(phase).append(':');
        for (int size : RAW_BULK_SIZES) {
          double rate = rawRate(node, readings, size, "bench-raw-" + phase + size + "-");
          raw.append(String.format(Locale.ROOT, " %d:%.0f", size, rate));
          if (rate > best) {
            best = rate;
            bestSize = size;
          }
        }
      }
      System.out.printf(
          Locale.ROOT,
          "readings=%d sink=%.0f docs/s end-to-end (%.0f docs/s after the first batch) "
              + "raw-ceiling=%.0f docs/s (bulk %d;%s) sink/ceiling=%.0f%%%n",
          n,
          sink[0],
          sink[1],
          best,
          bestSize,
          raw,
          100 * sink[1] / best);
    }
  }

  private static List<EnrichedReading> readings(int n) {
    List<EnrichedReading> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(
          Samples.reading(
              "BH-" + (i % 500),
              Samples.T0.plusSeconds(i / 500 * 60L),
              80 + (i % 17) * 0.05,
              -37.81 + (i % 500) * 1e-5,
              144.96 + (i % 500) * 1e-5,
              TriggerStatus.values()[i % 4]));
    }
    return out;
  }

  /**
   * Records produced first, then timed from the sink's start until the last document is
   * acknowledged; returns that rate and the rate after the first batch (without the group join and
   * the first poll).
   */
  private static double[] sinkRate(
      KafkaBroker broker, OpenSearchNode node, List<EnrichedReading> readings) throws Exception {
    String prefix = "bench-sink";
    var topics = dev.geomonitor.domain.Topics.DEFAULT.withPrefix(prefix + ".");
    broker.createTopics(
        Map.of(topics.readings(), 2, topics.aggregates(), 1, topics.alerts(), 1, topics.dlq(), 1));
    SearchSinkConfig config =
        SearchSinkConfig.local(
                URI.create(node.httpUrl()), broker.bootstrapServers(), topics, prefix + "-")
            .withGroupId(prefix);
    var producerProps = KafkaClientSettings.producer(config);
    producerProps.put("linger.ms", "20");
    producerProps.put("compression.type", "lz4");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps)) {
      for (EnrichedReading r : readings) {
        producer.send(
            new org.apache.kafka.clients.producer.ProducerRecord<>(
                topics.readings(), r.instrument() + ":" + r.boreholeNumber(), Samples.json(r)));
      }
    }
    long start = System.nanoTime();
    long[] firstBatch = {0, 0};
    try (SearchSinkLoop loop = SearchSinkLoop.create(config).start()) {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofMinutes(20))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                if (!loop.running()) {
                  throw new IllegalStateException("sink loop ended early", loop.failure());
                }
                long indexed = loop.totals().indexed();
                if (firstBatch[0] == 0 && indexed > 0) {
                  firstBatch[0] = System.nanoTime();
                  firstBatch[1] = indexed;
                }
                return indexed >= readings.size();
              });
    }
    return new double[] {
      readings.size() / seconds(start), (readings.size() - firstBatch[1]) / seconds(firstBatch[0])
    };
  }

  /** Same documents (as the sink builds them) straight to OpenSearch with plain bulk requests. */
  private static double rawRate(
      OpenSearchNode node, List<EnrichedReading> readings, int bulkSize, String prefix)
      throws Exception {
    SearchSinkConfig config =
        SearchSinkConfig.local(
            URI.create(node.httpUrl()), null, dev.geomonitor.domain.Topics.DEFAULT, prefix);
    OpenSearchClient client = OpenSearchClients.create(config);
    new IndexAdmin(new OpenSearchRest(client), config.indexLayout())
        .ensure(config.pipelineVersion());
    DocumentMapper mapper = new DocumentMapper(config.indexLayout(), config.topics(), false);
    List<IndexDocument> docs = new ArrayList<>(readings.size());
    for (int i = 0; i < readings.size(); i++) {
      var mapped =
          mapper.map(
              new SinkRecord(
                  config.topics().readings(), 0, i, null, Samples.json(readings.get(i))));
      docs.add(((DocumentMapper.Document) mapped).document());
    }
    long start = System.nanoTime();
    for (int from = 0; from < docs.size(); from += bulkSize) {
      BulkRequest.Builder bulk = new BulkRequest.Builder();
      for (IndexDocument d : docs.subList(from, Math.min(docs.size(), from + bulkSize))) {
        bulk.operations(op -> op.index(ix -> ix.index(d.index()).id(d.id()).document(d.body())));
      }
      BulkResponse response = client.bulk(bulk.build());
      if (response.errors()) {
        throw new IllegalStateException(
            "raw bulk had item errors: " + response.items().get(0).error());
      }
    }
    double rate = docs.size() / seconds(start);
    client._transport().close();
    return rate;
  }

  private static double seconds(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0;
  }
}
