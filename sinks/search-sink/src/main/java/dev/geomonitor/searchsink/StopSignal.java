package dev.geomonitor.searchsink;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Lets a stop request cut short a backoff pause at once, instead of after the pause. */
public final class StopSignal {
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** A signal that is never raised (the Lambda handler: the runtime ends the invocation). */
  public static StopSignal never() {
    return new StopSignal();
  }

  public void raise() {
    stopped.countDown();
  }

  public boolean raised() {
    return stopped.getCount() == 0;
  }

  /** Pauses; returns true if a stop was raised before or during the pause. */
  public boolean pause(Duration duration) throws InterruptedException {
    return stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
  }
}
