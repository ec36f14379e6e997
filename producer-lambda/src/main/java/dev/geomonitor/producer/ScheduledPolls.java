package dev.geomonitor.producer;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll cycles of one scheduled invocation: up to {@code polls} cycles, started {@code interval}
 * apart from the invocation's start, and none started unless the remaining time still covers the
 * longest poll seen so far plus a safety margin (the first poll is assumed to take one read
 * timeout). A retriable poll failure is counted and the next poll tries again; a fatal one ends the
 * invocation with the error.
 */
public final class ScheduledPolls {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledPolls.class);

  private final Poller poller;
  private final int polls;
  private final Duration interval;
  private final Duration safetyMargin;
  private final Duration firstPollEstimate;
  private final Sleeper sleeper;
  private final Clock clock;

  public ScheduledPolls(
      Poller poller,
      int polls,
      Duration interval,
      Duration safetyMargin,
      Duration firstPollEstimate,
      Sleeper sleeper,
      Clock clock) {
    this.poller = poller;
    this.polls = polls;
    this.interval = interval;
    this.safetyMargin = safetyMargin;
    this.firstPollEstimate = firstPollEstimate;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /**
   * @param remainingMillis the invocation's remaining time, e.g. {@code
   *     context::getRemainingTimeInMillis}
   */
  public InvocationSummary run(LongSupplier remainingMillis) throws InterruptedException {
    long start = clock.millis();
    long longestPoll = firstPollEstimate.toMillis();
    int done = 0;
    int failed = 0;
    long readings = 0;
    long rejected = 0;
    long errors = 0;
    long retries = 0;
    boolean stoppedEarly = false;
    for (int i = 0; i < polls; i++) {
      long wait = Math.max(0, start + i * interval.toMillis() - clock.millis());
      long needed = wait + longestPoll + safetyMargin.toMillis();
      if (remainingMillis.getAsLong() < needed) {
        LOG.info(
            "stopping after {} of {} polls: {} ms left, next poll needs {} ms (wait, longest poll, safety margin)",
            i,
            polls,
            remainingMillis.getAsLong(),
            needed);
        stoppedEarly = true;
        break;
      }
      if (wait > 0) {
        sleeper.sleep(Duration.ofMillis(wait));
      }
      long pollStart = clock.millis();
      try {
        PollSummary s = poller.poll();
        done++;
        readings += s.readingsPublished();
        rejected += s.deadLettered();
        errors += s.errorCount();
        retries += s.httpRetries();
      } catch (PollFailedException e) {
        if (e.fatal()) {
          throw e;
        }
        failed++;
        errors++;
        LOG.error(
            "poll {} of {} failed, the next one retries: {}", i + 1, polls, e.getMessage(), e);
      }
      longestPoll = Math.max(longestPoll, clock.millis() - pollStart);
    }
    return new InvocationSummary(
        done, failed, readings, rejected, errors, retries, clock.millis() - start, stoppedEarly);
  }
}
