package dev.geomonitor.producer;

/**
 * Runs one poll cycle. {@link PollCycle} is the real one; schedulers take this seam so their timing
 * is testable.
 */
@FunctionalInterface
public interface Poller {
  /**
   * @throws PollFailedException when the poll is not done ({@code fatal()} says whether to stop)
   */
  PollSummary poll() throws InterruptedException;
}
