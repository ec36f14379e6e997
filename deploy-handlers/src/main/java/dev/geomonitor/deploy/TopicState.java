package dev.geomonitor.deploy;

/**
 * What a topic looks like on the cluster now.
 *
 * @param retentionMs the topic's retention.ms as the broker reports it
 */
public record TopicState(String name, int partitions, String retentionMs) {}
