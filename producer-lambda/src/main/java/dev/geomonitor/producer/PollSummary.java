package dev.geomonitor.producer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one poll cycle did. Every count is of acknowledged sends: a summary exists only for a poll
 * whose sends all succeeded.
 *
 * @param pollId the id in every record's {@code poll_id}
 * @param startedAt when the cycle started
 * @param endpointsPolled endpoints requested, failed ones included
 * @param readingsPublished raw records acknowledged
 * @param deadLettered response bodies sent to the DLQ because they were not a response of either
 *     version
 * @param httpRetries retries spent on the source API
 * @param errors one message per endpoint that could not be fetched
 * @param duration wall time of the cycle
 */
public record PollSummary(
    String pollId,
    Instant startedAt,
    int endpointsPolled,
    int readingsPublished,
    int deadLettered,
    int httpRetries,
    List<String> errors,
    Duration duration) {

  public PollSummary {
    errors = List.copyOf(errors);
  }

  public int errorCount() {
    return errors.size();
  }

  /** One line for the local loop's progress output and the logs. */
  public String describe() {
    return String.format(
        "poll %s: %d readings, %d dead letters, %d retries, %d errors, %d ms",
        pollId, readingsPublished, deadLettered, httpRetries, errors.size(), duration.toMillis());
  }
}
