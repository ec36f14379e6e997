package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProducerLoopTest {
  private final AtomicInteger polls = new AtomicInteger();
  private final List<PollSummary> seen = new CopyOnWriteArrayList<>();

  private final Poller tenReadings =
      () -> {
        polls.incrementAndGet();
        return new PollSummary("p", Instant.now(), 1, 10, 1, 3, List.of(), Duration.ofMillis(5));
      };

  private final ProducerLoop.Listener recording =
      new ProducerLoop.Listener() {
        @Override
        public void onPoll(PollSummary summary, ProducerLoop.Totals totals) {
          seen.add(summary);
        }
      };

  @Test
  void stopsAfterThePollLimitWithTotalsOfEveryPoll() throws Exception {
    ProducerLoop loop =
        new ProducerLoop(
                tenReadings,
                Duration.ofMillis(10),
                new ProducerLoop.Limits(3, null),
                recording,
                Clock.systemUTC())
            .start();

    assertThat(loop.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThat(loop.totals()).isEqualTo(new ProducerLoop.Totals(3, 0, 30, 3, 9, 0));
    assertThat(seen).hasSize(3);
    assertThat(loop.failure()).isEmpty();
    assertThat(loop.isRunning()).isFalse();
  }

  @Test
  void stopEndsTheLoopWithoutWaitingForTheNextInterval() throws Exception {
    // Given a loop that polls once an hour
    ProducerLoop loop =
        new ProducerLoop(
                tenReadings,
                Duration.ofHours(1),
                ProducerLoop.Limits.NONE,
                recording,
                Clock.systemUTC())
            .start();
    await().atMost(Duration.ofSeconds(10)).until(() -> polls.get() == 1);

    // When stopped during the wait
    loop.stop();

    // Then it ends promptly after the one poll
    assertThat(loop.awaitTermination(Duration.ofSeconds(5))).isTrue();
    assertThat(loop.totals().polls()).isEqualTo(1);
  }

  @Test
  void stopLetsThePollInFlightFinish() throws Exception {
    CountDownLatch inPoll = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Poller slow =
        () -> {
          inPoll.countDown();
          release.await(10, TimeUnit.SECONDS);
          return tenReadings.poll();
        };
    ProducerLoop loop =
        new ProducerLoop(
                slow, Duration.ofMillis(1), ProducerLoop.Limits.NONE, recording, Clock.systemUTC())
            .start();
    assertThat(inPoll.await(10, TimeUnit.SECONDS)).isTrue();

    // When stop is asked while a poll is running
    loop.stop();
    assertThat(loop.awaitTermination(Duration.ofMillis(200))).isFalse();
    release.countDown();

    // Then the poll completes and is counted before the loop ends
    assertThat(loop.awaitTermination(Duration.ofSeconds(5))).isTrue();
    assertThat(loop.totals().polls()).isEqualTo(1);
    assertThat(loop.totals().readings()).isEqualTo(10);
  }

  @Test
  void durationLimitStopsStartingPolls() throws Exception {
    ProducerLoop loop =
        new ProducerLoop(
                tenReadings,
                Duration.ofMillis(100),
                new ProducerLoop.Limits(0, Duration.ofMillis(450)),
                recording,
                Clock.systemUTC())
            .start();

    assertThat(loop.awaitTermination(Duration.ofSeconds(10))).isTrue();
    // polls due at 0, 100, 200, 300, 400 ms
    assertThat(loop.totals().polls()).isEqualTo(5);
  }

  @Test
  void retriableFailureIsCountedAndPollingGoesOn() throws Exception {
    Poller failingFirst =
        () -> {
          if (polls.incrementAndGet() == 1) {
            throw new PollFailedException("broker away", false, null);
          }
          return new PollSummary("p", Instant.now(), 1, 10, 0, 0, List.of(), Duration.ZERO);
        };
    ProducerLoop loop =
        new ProducerLoop(
                failingFirst,
                Duration.ofMillis(5),
                new ProducerLoop.Limits(3, null),
                recording,
                Clock.systemUTC())
            .start();

    assertThat(loop.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThat(loop.totals().failedPolls()).isEqualTo(1);
    assertThat(loop.totals().polls()).isEqualTo(2);
    assertThat(loop.totals().errors()).isEqualTo(1);
    assertThat(loop.failure()).isEmpty();
  }

  @Test
  void fatalFailureStopsTheLoopAndIsKept() throws Exception {
    Poller fatal =
        () -> {
          polls.incrementAndGet();
          throw new SourceApiConfigException("GET /x answered 401");
        };
    ProducerLoop loop =
        new ProducerLoop(
                fatal, Duration.ofMillis(5), ProducerLoop.Limits.NONE, recording, Clock.systemUTC())
            .start();

    assertThat(loop.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThat(polls.get()).isEqualTo(1);
    assertThat(loop.failure()).get().asString().contains("401");
  }
}
