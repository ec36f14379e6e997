package dev.geomonitor.job;

import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * One Kafka producer and one batch store per JVM and settings, shared by every task the JVM runs
 * (an executor, or the driver in local mode). A producer per task would open connections and an
 * idempotent producer id per partition and batch; one per JVM keeps its batching and its
 * per-partition ordering (idempotence: retries neither reorder nor double).
 *
 * <p>On executors the clients live as long as the JVM. In local mode the job's driver also holds a
 * reference ({@link #retain}/{@link #release}), so stopping the job closes its producer unless
 * another job of the JVM uses it.
 */
final class ExecutorClients {
  private static final Map<String, Producer<byte[], byte[]>> PRODUCERS = new ConcurrentHashMap<>();
  private static final Map<String, Integer> RETAINED = new ConcurrentHashMap<>();
  private static final Map<BatchStoreConfig, BatchStore> STORES = new ConcurrentHashMap<>();

  private ExecutorClients() {}

  static Producer<byte[], byte[]> producer(Map<String, String> settings) {
    return PRODUCERS.computeIfAbsent(
        key(settings),
        k -> {
          Properties p = new Properties();
          p.putAll(settings);
          return new KafkaProducer<>(p);
        });
  }

  static BatchStore store(BatchStoreConfig config) {
    return STORES.computeIfAbsent(config, BatchStore::new);
  }

  /**
   * The driver's claim on the producer of {@code settings} while its job runs (local mode shares
   * the JVM).
   */
  static synchronized void retain(Map<String, String> settings) {
    RETAINED.merge(key(settings), 1, Integer::sum);
  }

  /**
   * Drops the claim; the last one closes the producer (everything sent was acknowledged when
   * batches ended).
   */
  static synchronized void release(Map<String, String> settings) {
    String key = key(settings);
    Integer left = RETAINED.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
    if (left == null) {
      Producer<byte[], byte[]> producer = PRODUCERS.remove(key);
      if (producer != null) {
        producer.close(Duration.ofSeconds(30));
      }
    }
  }

  private static String key(Map<String, String> settings) {
    return new TreeMap<>(settings).toString();
  }
}
