package dev.geomonitor.searchsink;

/**
 * What one batch came to. Every input record is counted exactly once in {@code indexed}, {@code
 * deadLettered} or {@code unindexableDeadLetters}.
 *
 * @param unindexableDeadLetters records of the DLQ topic that could not be indexed themselves: they
 *     are not sent back to the DLQ (that would loop); they stay in the DLQ topic and are logged
 */
public record BatchResult(
    int records, int indexed, int deadLettered, int unindexableDeadLetters, long retries) {}
