package dev.geomonitor.searchsink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Dead letters to the DLQ topic with an idempotent, acks=all producer; waits for every
 * acknowledgement.
 */
public final class KafkaDeadLetterPublisher implements DeadLetterPublisher {
  /**
   * Longer than the producer's delivery timeout, so the producer's own error is the one reported.
   */
  private static final Duration ACK_WAIT = Duration.ofMinutes(3);

  private final Producer<String, byte[]> producer;
  private final String topic;

  public KafkaDeadLetterPublisher(Producer<String, byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  @Override
  public void publish(List<Letter> letters) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(letters.size());
    for (Letter letter : letters) {
      acks.add(
          producer.send(
              new ProducerRecord<>(topic, letter.key(), letter.deadLetter().toJsonBytes())));
    }
    producer.flush();
    for (Future<RecordMetadata> ack : acks) {
      try {
        ack.get(ACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while waiting for DLQ acknowledgements on " + topic, e);
      } catch (ExecutionException | TimeoutException e) {
        throw new BatchIncompleteException(
            "dead letters to "
                + topic
                + " not acknowledged; the batch stays "
                + "uncommitted and will be retried: "
                + e.getMessage(),
            e);
      }
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
