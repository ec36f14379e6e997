package dev.geomonitor.producer;

import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.RawReading;
import dev.geomonitor.domain.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes raw readings and producer dead letters. Sends go out asynchronously in a {@link Batch};
 * the batch is done only when {@link Batch#awaitAcks()} has flushed and checked every single send.
 */
public final class RawTopicPublisher {
  private final Producer<String, byte[]> producer;
  private final Topics topics;

  public RawTopicPublisher(Producer<String, byte[]> producer, Topics topics) {
    this.producer = producer;
    this.topics = topics;
  }

  public Topics topics() {
    return topics;
  }

  public Batch newBatch() {
    return new Batch();
  }

  /** The sends of one poll. Not thread-safe: one poll, one thread. */
  public final class Batch {
    private final List<Future<RecordMetadata>> futures = new ArrayList<>();
    private final List<ProducerRecord<String, byte[]>> sent = new ArrayList<>();
    private final List<ProducerRecord<String, byte[]>> unacknowledged = new ArrayList<>();

    /**
     * Keyed {@code instrument:borehole_number} so every reading of an instrument stays in order on
     * one partition.
     */
    public void sendReading(String key, RawReading reading) {
      sendReading(key, reading.toJsonBytes(), reading);
    }

    /**
     * As {@link #sendReading(String, RawReading)} with the value already serialized (its size was
     * checked).
     */
    public void sendReading(String key, byte[] value, RawReading reading) {
      RecordHeaders headers = new RecordHeaders();
      headers.add(RawReading.HEADER_POLL_ID, utf8(reading.pollId()));
      headers.add(RawReading.HEADER_API_VERSION, utf8(reading.apiVersion()));
      // the fetch time, not the send time, so a replay of the log sees the same record timestamps
      Long timestamp = reading.fetchedAt() == null ? null : reading.fetchedAt().toEpochMilli();
      send(new ProducerRecord<>(topics.raw(), null, timestamp, key, value, headers));
    }

    /**
     * Unkeyed: the DLQ is keyed by the source record's key, and an HTTP body has none (the URL is
     * in the value).
     */
    public void sendDeadLetter(DeadLetter deadLetter, String pollId) {
      RecordHeaders headers = new RecordHeaders();
      headers.add(RawReading.HEADER_POLL_ID, utf8(pollId));
      Long timestamp =
          deadLetter.rejectedAt() == null ? null : deadLetter.rejectedAt().toEpochMilli();
      send(
          new ProducerRecord<>(
              topics.dlq(), null, timestamp, deadLetter.key(), deadLetter.toJsonBytes(), headers));
    }

    public int pending() {
      return futures.size();
    }

    /**
     * Sends again the records {@link #awaitAcks()} found unacknowledged; returns how many. A record
     * whose first send reached the topic although its acknowledgement was lost is then there twice
     * (the job counts the copy as a duplicate); one not sent again is lost, since the API serves it
     * no more. {@link #awaitAcks()} checks the new sends.
     */
    public int resendUnacknowledged() {
      int count = 0;
      while (!unacknowledged.isEmpty()) {
        send(unacknowledged.get(0));
        unacknowledged.remove(0);
        count++;
      }
      return count;
    }

    private void send(ProducerRecord<String, byte[]> record) {
      try {
        futures.add(producer.send(record));
        sent.add(record);
      } catch (RuntimeException e) {
        // send() itself throws for serialization, a closed producer, or metadata not available
        // within max.block.ms
        throw new PublishFailedException(
            record.topic(), "send of key '" + record.key() + "' rejected", e);
      }
    }

    /**
     * Flushes, then checks every send of the batch. Returns how many were acknowledged.
     *
     * @throws PublishFailedException naming the topic and error of the first failed send, and how
     *     many failed
     */
    public int awaitAcks() throws InterruptedException {
      producer.flush();
      int failed = 0;
      Throwable firstError = null;
      String firstTopic = null;
      for (int i = 0; i < futures.size(); i++) {
        try {
          futures.get(i).get();
        } catch (ExecutionException e) {
          if (failed == 0) {
            firstError = e.getCause();
            firstTopic = sent.get(i).topic();
          }
          unacknowledged.add(sent.get(i));
          failed++;
        }
      }
      int total = futures.size();
      futures.clear();
      sent.clear();
      if (failed > 0) {
        throw new PublishFailedException(
            firstTopic, failed + " of " + total + " sends not acknowledged", firstError);
      }
      return total;
    }
  }

  private static byte[] utf8(String s) {
    return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
  }
}
