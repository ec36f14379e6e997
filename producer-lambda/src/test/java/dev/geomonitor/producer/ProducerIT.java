package dev.geomonitor.producer;

import dev.geomonitor.domain.Topics;
import dev.geomonitor.embedded.KafkaBroker;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the integration tests share: unique topics on the shared broker and a config pointing at
 * them.
 */
final class ProducerIT {
  private ProducerIT() {}

  /** Raw and DLQ topics (3 partitions) with a name prefix no other test uses. */
  static Topics freshTopics(KafkaBroker broker) {
    Topics topics =
        Topics.DEFAULT.withPrefix("it-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    broker.createTopics(Map.of(topics.raw(), 3, topics.dlq(), 1));
    return topics;
  }

  /** Settings for a test: quick retries and timeouts, then the given overrides. */
  static Map<String, String> settings(
      String apiBaseUrl, KafkaBroker broker, Topics topics, Map<String, String> more) {
    Map<String, String> s = new HashMap<>();
    s.put("API_BASE_URL", apiBaseUrl);
    s.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    s.put("TOPIC_RAW", topics.raw());
    s.put("TOPIC_DLQ", topics.dlq());
    s.put("HTTP_CONNECT_TIMEOUT", "PT1S");
    s.put("HTTP_READ_TIMEOUT", "PT3S");
    s.put("HTTP_MAX_ATTEMPTS", "6");
    s.put("HTTP_BACKOFF_INITIAL", "PT0.02S");
    s.put("HTTP_BACKOFF_MAX", "PT0.1S");
    s.putAll(more);
    return s;
  }
}
