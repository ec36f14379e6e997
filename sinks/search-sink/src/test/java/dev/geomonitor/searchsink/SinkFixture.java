package dev.geomonitor.searchsink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Per-test names (topics, index prefix, group) on the shared services, and the checks the tests
 * make.
 */
final class SinkFixture implements AutoCloseable {
  final Services services;
  final String prefix;
  final Topics topics;
  final SearchSinkConfig config;
  final OpenSearchClient client;
  final OpenSearchRest rest;
  private final KafkaProducer<String, byte[]> producer;
  private final Admin admin;

  private SinkFixture(Services services, String prefix, Topics topics, SearchSinkConfig config) {
    this.services = services;
    this.prefix = prefix;
    this.topics = topics;
    this.config = config;
    this.client = OpenSearchClients.create(config);
    this.rest = new OpenSearchRest(client);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.broker.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // Seen here: clients 3.4.1 against the 3.9 broker, an idempotent producer that hits NOT_LEADER
    // right after topic
    // creation can loop on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout. Fixture records
    // carry natural
    // keys, so a retried duplicate changes no document count.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    this.producer = new KafkaProducer<>(p);
    this.admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, services.broker.bootstrapServers()));
  }

  /**
   * Unique topics (created with {@code partitions} each) and index prefix; the sink config pointing
   * at both.
   */
  static SinkFixture create(Services services, int partitions) {
    String prefix = Services.unique("t");
    Topics topics = Topics.DEFAULT.withPrefix(prefix + ".");
    Map<String, Integer> create = new HashMap<>();
    topics.outputs().forEach(t -> create.put(t, partitions));
    create.put(topics.dlq(), 1);
    services.broker.createTopics(create);
    awaitLeaders(services, create.keySet());
    SearchSinkConfig config =
        SearchSinkConfig.local(
                URI.create(services.openSearch.httpUrl()),
                services.broker.bootstrapServers(),
                topics,
                prefix + "-")
            .withGroupId(prefix + "-sink");
    return new SinkFixture(services, prefix, topics, config);
  }

  /**
   * Producing before every partition has a leader earns NOT_LEADER errors; wait until the metadata
   * settles.
   */
  private static void awaitLeaders(Services services, java.util.Set<String> topicNames) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, services.broker.bootstrapServers()))) {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () ->
                  admin.describeTopics(topicNames).allTopicNames().get().values().stream()
                      .flatMap(d -> d.partitions().stream())
                      .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
    }
  }

  void send(String topic, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key, value));
  }

  void sendAll(String topic, List<?> records) {
    for (Object r : records) {
      send(topic, keyOf(r), Samples.json(r));
    }
    producer.flush();
  }

  private static String keyOf(Object record) {
    JsonNode node = Json.MAPPER.valueToTree(record);
    return node.path("instrument").asText() + ":" + node.path("borehole_number").asText();
  }

  /** Documents visible through a kind's alias, after a refresh. */
  long count(DocumentKind kind) {
    String alias = config.indexLayout().alias(kind);
    rest.expectOk("POST", "/" + alias + "/_refresh", null);
    return rest.expectOk("GET", "/" + alias + "/_count", null).path("count").asLong();
  }

  JsonNode search(DocumentKind kind, JsonNode body) {
    String alias = config.indexLayout().alias(kind);
    rest.expectOk("POST", "/" + alias + "/_refresh", null);
    return rest.expectOk("POST", "/" + alias + "/_search", body);
  }

  /** Every dead letter on the DLQ topic so far. */
  List<DeadLetter> deadLetters() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, services.broker.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<DeadLetter> letters = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
      TopicPartition tp = new TopicPartition(topics.dlq(), 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      Instant deadline = Instant.now().plusSeconds(20);
      while (consumer.position(tp) < end && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          letters.add(Json.MAPPER.readValue(r.value(), DeadLetter.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a DLQ record is not a DeadLetter", e);
    }
    return letters;
  }

  /**
   * Sum over a topic's partitions of the group's committed offsets (0 where nothing is committed).
   */
  long committed(String groupId, String topic) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("cannot read offsets of group " + groupId, e);
    }
  }

  /**
   * Sum of a topic's end offsets: how many records it holds (the sink must commit exactly up to
   * here).
   */
  long endOffsets(String topic) {
    try {
      var partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
      Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
      partitions.forEach(
          p ->
              latest.put(
                  new TopicPartition(topic, p.partition()),
                  org.apache.kafka.clients.admin.OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get().values().stream()
          .mapToLong(o -> o.offset())
          .sum();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("cannot read end offsets of " + topic, e);
    }
  }

  /**
   * Moves an inactive group back to the start of the given topics: the next consumer re-reads
   * everything.
   */
  void rewind(String groupId, List<String> topicNames, int partitions) {
    Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
    for (String t : topicNames) {
      for (int p = 0; p < partitions; p++) {
        zero.put(new TopicPartition(t, p), new OffsetAndMetadata(0));
      }
    }
    try {
      admin.alterConsumerGroupOffsets(groupId, zero).all().get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("cannot rewind group " + groupId, e);
    }
  }

  @Override
  public void close() {
    producer.close();
    admin.close();
    try {
      client._transport().close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing the OpenSearch client failed", e);
    }
  }
}
