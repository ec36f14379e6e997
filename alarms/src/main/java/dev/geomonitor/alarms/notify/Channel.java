package dev.geomonitor.alarms.notify;

/**
 * A way to reach a person or a system. Implementations are thread-safe and throw on any failure to
 * deliver.
 */
public interface Channel {
  enum Kind {
    EMAIL,
    WEBHOOK,
    /** An Amazon SNS topic (one per level on AWS); the target is the topic's ARN. */
    SNS
  }

  /**
   * Delivers one message to one recipient.
   *
   * @param deliveryId stable across retries: receivers can drop a repeat (a crash between sending
   *     and recording it)
   * @throws DeliveryException when the recipient's server did not accept it; the dispatcher retries
   */
  void send(long deliveryId, String target, Notice notice) throws DeliveryException;
}
