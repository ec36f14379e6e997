package dev.geomonitor.producer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one scheduled Lambda invocation did, summed over its poll cycles.
 *
 * @param polls poll cycles completed (every send acknowledged)
 * @param failedPolls poll cycles that failed with a retriable error
 * @param readings raw records published
 * @param rejected response bodies dead-lettered
 * @param errors endpoint failures plus failed polls
 * @param httpRetries retries spent on the source API
 * @param durationMillis wall time of the invocation's polling
 * @param stoppedEarly true when the remaining Lambda time ran short before all planned polls ran
 */
public record InvocationSummary(
    int polls,
    int failedPolls,
    long readings,
    long rejected,
    long errors,
    long httpRetries,
    long durationMillis,
    boolean stoppedEarly) {

  /**
   * Fails the invocation when it had errors and published nothing at all (the API or the cluster
   * was unreachable the whole time), so the Lambda's error metric and alarms see it; partial
   * failures are in the summary and the logs.
   */
  public InvocationSummary failIfNothingPublished() {
    if (errors > 0 && readings == 0 && rejected == 0) {
      throw new PollFailedException(
          "no poll of this invocation published anything ("
              + toMap()
              + "); see the ERROR lines above for why",
          false,
          null);
    }
    return this;
  }

  /**
   * The Lambda's response: a plain map, which the Lambda runtime serializes without any bean
   * conventions.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("polls", polls);
    m.put("failed_polls", failedPolls);
    m.put("readings", readings);
    m.put("rejected", rejected);
    m.put("errors", errors);
    m.put("http_retries", httpRetries);
    m.put("duration_ms", durationMillis);
    m.put("stopped_early", stoppedEarly);
    return m;
  }
}
