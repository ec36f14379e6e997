package dev.geomonitor.producer;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/** A send to Kafka failed, so the poll is not done. Names the topic and the error. */
public final class PublishFailedException extends PollFailedException {
  private final String topic;

  public PublishFailedException(String topic, String detail, Throwable cause) {
    super(
        "publishing to topic '"
            + topic
            + "' failed ("
            + detail
            + "): "
            + describe(cause)
            + (isFatal(cause) ? " [fatal: fix the cause, retrying cannot help]" : " [retriable]"),
        isFatal(cause),
        cause);
    this.topic = topic;
  }

  public String topic() {
    return topic;
  }

  /**
   * Fatal: credentials, permissions, configuration, records that can never be written, a producer
   * the broker no longer accepts. Everything Kafka marks retriable (timeouts, leader changes, too
   * few in-sync replicas) is not; neither is anything else, since an unknown failure hidden behind
   * endless retries is worse than a stopped producer.
   */
  public static boolean isFatal(Throwable error) {
    if (error instanceof AuthenticationException
        || error instanceof AuthorizationException
        || error instanceof SerializationException
        || error instanceof ConfigException
        || error instanceof RecordTooLargeException
        || error instanceof InvalidTopicException
        || error instanceof UnsupportedVersionException
        || error instanceof ProducerFencedException
        || error instanceof OutOfOrderSequenceException) {
      return true;
    }
    return !(error instanceof RetriableException);
  }

  private static String describe(Throwable t) {
    return t == null ? "unknown cause" : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
