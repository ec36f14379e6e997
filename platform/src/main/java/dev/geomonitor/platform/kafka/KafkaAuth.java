package dev.geomonitor.platform.kafka;

/**
 * How every Kafka client of the pipeline authenticates: the one switch, environment variable {@code
 * KAFKA_AUTH}.
 */
public enum KafkaAuth {
  /** A plain-text broker (local runner, tests). */
  NONE,
  /**
   * Amazon MSK with IAM access control: TLS on port 9098 and SASL signed with the process's AWS
   * role.
   */
  IAM
}
