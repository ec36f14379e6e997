package dev.geomonitor.producer;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls at a fixed rate on its own thread until stopped, a poll limit or a duration is reached, or
 * a fatal failure. {@link #stop()} never interrupts a poll in flight: the poll finishes, its sends
 * are acknowledged, then the loop ends. Used by the command-line entry point and, in-process, by
 * the local runner.
 */
public final class ProducerLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ProducerLoop.class);

  /** Running sums over every poll of the loop. */
  public record Totals(
      long polls,
      long failedPolls,
      long readings,
      long deadLetters,
      long httpRetries,
      long errors) {
    static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0);

    Totals plus(PollSummary s) {
      return new Totals(
          polls + 1,
          failedPolls,
          readings + s.readingsPublished(),
          deadLetters + s.deadLettered(),
          httpRetries + s.httpRetries(),
          errors + s.errorCount());
    }

    Totals plusFailure() {
      return new Totals(polls, failedPolls + 1, readings, deadLetters, httpRetries, errors + 1);
    }

    public String describe() {
      return String.format(
          "totals: %d polls, %d failed, %d readings, %d dead letters, %d retries, %d errors",
          polls, failedPolls, readings, deadLetters, httpRetries, errors);
    }
  }

  /**
   * When the loop ends by itself.
   *
   * @param maxPolls stop after this many poll attempts; 0 for no limit
   * @param maxDuration start no poll after this much time; null for no limit
   */
  public record Limits(long maxPolls, Duration maxDuration) {
    public static final Limits NONE = new Limits(0, null);
  }

  /** Told about every poll, on the loop's thread. */
  public interface Listener {
    Listener NONE = new Listener() {};

    default void onPoll(PollSummary summary, Totals totals) {}

    default void onFailedPoll(PollFailedException failure, Totals totals) {}
  }

  private final Poller poller;
  private final Duration interval;
  private final Limits limits;
  private final Listener listener;
  private final Clock clock;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicReference<Totals> totals = new AtomicReference<>(Totals.ZERO);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private Thread thread;

  public ProducerLoop(
      Poller poller, Duration interval, Limits limits, Listener listener, Clock clock) {
    this.poller = poller;
    this.interval = interval;
    this.limits = limits;
    this.listener = listener;
    this.clock = clock;
  }

  public synchronized ProducerLoop start() {
    if (thread != null) {
      throw new IllegalStateException(
          "this ProducerLoop was already started; create a new one to poll again");
    }
    thread = new Thread(this::runLoop, "producer-loop");
    thread.start();
    return this;
  }

  /**
   * Asks the loop to end after the poll in flight, if any. Returns at once; see {@link
   * #awaitTermination}.
   */
  public void stop() {
    stopRequested.countDown();
  }

  /**
   * @return true if the loop has ended within the timeout
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isRunning() {
    return thread != null && finished.getCount() > 0;
  }

  public Totals totals() {
    return totals.get();
  }

  /** The fatal failure that ended the loop, if one did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  private void runLoop() {
    long start = clock.millis();
    try {
      for (long n = 0; limits.maxPolls() == 0 || n < limits.maxPolls(); n++) {
        long due = start + n * interval.toMillis();
        if (limits.maxDuration() != null && due - start >= limits.maxDuration().toMillis()) {
          break;
        }
        long wait = due - clock.millis();
        if (stopRequested.await(Math.max(0, wait), TimeUnit.MILLISECONDS)) {
          break;
        }
        if (!pollOnce()) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("producer loop interrupted; stopping");
    } finally {
      finished.countDown();
    }
  }

  /**
   * @return false when the loop must stop (a fatal failure)
   */
  private boolean pollOnce() throws InterruptedException {
    try {
      PollSummary summary = poller.poll();
      listener.onPoll(summary, totals.updateAndGet(t -> t.plus(summary)));
      return true;
    } catch (PollFailedException e) {
      if (e.fatal()) {
        failure.set(e);
        LOG.error("producer loop stopped by a fatal failure: {}", e.getMessage(), e);
        return false;
      }
      LOG.error("poll failed, the next one retries: {}", e.getMessage(), e);
      listener.onFailedPoll(e, totals.updateAndGet(Totals::plusFailure));
      return true;
    } catch (RuntimeException e) {
      failure.set(e);
      LOG.error("producer loop stopped by an unexpected failure: {}", e.getMessage(), e);
      return false;
    }
  }
}
