package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class ScheduledPollsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T20:00:00Z"));
  private final List<Duration> waits = new ArrayList<>();
  private final Sleeper advancingSleeper =
      d -> {
        waits.add(d);
        clock.advance(d);
      };

  /**
   * A poll that takes {@code took} of clock time and publishes 10 readings, 1 dead letter, 2
   * retries.
   */
  private Poller pollTaking(Duration took) {
    return () -> {
      Instant start = clock.instant();
      clock.advance(took);
      return new PollSummary("p", start, 1, 10, 1, 2, List.of(), took);
    };
  }

  private LongSupplier remainingUntil(Instant deadline) {
    return () -> deadline.toEpochMilli() - clock.millis();
  }

  private ScheduledPolls polls(Poller poller, int n) {
    return new ScheduledPolls(
        poller,
        n,
        Duration.ofSeconds(15),
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        advancingSleeper,
        clock);
  }

  @Test
  void pollsAreSpreadAtTheIntervalFromTheInvocationStart() throws Exception {
    // Given 4 polls of 1 s each, 15 s apart, and plenty of time
    InvocationSummary s =
        polls(pollTaking(Duration.ofSeconds(1)), 4)
            .run(remainingUntil(clock.instant().plusSeconds(300)));

    // Then all ran, each wait bringing the next start to 15 s after the previous start
    assertThat(s.polls()).isEqualTo(4);
    assertThat(s.stoppedEarly()).isFalse();
    assertThat(waits)
        .containsExactly(Duration.ofSeconds(14), Duration.ofSeconds(14), Duration.ofSeconds(14));
    assertThat(s.readings()).isEqualTo(40);
    assertThat(s.rejected()).isEqualTo(4);
    assertThat(s.httpRetries()).isEqualTo(8);
    assertThat(s.durationMillis()).isEqualTo(46_000);
  }

  @Test
  void noPollStartsWhenTheRemainingTimeCannotCoverItPlusTheSafetyMargin() throws Exception {
    // Given a 40 s invocation, polls of 3 s due at 0, 15, 30, 45 s and a 5 s safety margin
    Instant deadline = clock.instant().plusSeconds(40);

    InvocationSummary s = polls(pollTaking(Duration.ofSeconds(3)), 4).run(remainingUntil(deadline));

    // Then the polls due at 0, 15 and 30 s ran (the last ends at 33 s, before 40 - 5 s); the one
    // due at 45 s did not
    assertThat(s.polls()).isEqualTo(3);
    assertThat(s.stoppedEarly()).isTrue();
    assertThat(clock.instant()).isBeforeOrEqualTo(deadline.minusSeconds(5));
  }

  @Test
  void theLongestPollSeenRaisesTheTimeReservedForTheNextOne() throws Exception {
    // Given polls of 8 s and 40 s: the second starts at 15 s and ends at 23 s; the third, due at 30
    // s, would need
    // 8 s (longest seen) + 5 s (margin) with only 10 s left
    InvocationSummary s =
        polls(pollTaking(Duration.ofSeconds(8)), 4)
            .run(remainingUntil(clock.instant().plusSeconds(40)));

    assertThat(s.polls()).isEqualTo(2);
    assertThat(s.stoppedEarly()).isTrue();
  }

  @Test
  void tooLittleTimeForEvenOnePollRunsNone() throws Exception {
    InvocationSummary s =
        polls(pollTaking(Duration.ofSeconds(1)), 4)
            .run(remainingUntil(clock.instant().plusSeconds(6)));

    assertThat(s.polls()).isZero();
    assertThat(s.stoppedEarly()).isTrue();
  }

  @Test
  void aRetriableFailureIsCountedAndTheNextPollStillRuns() throws Exception {
    int[] calls = {0};
    Poller failingOnce =
        () -> {
          if (calls[0]++ == 0) {
            throw new PollFailedException("broker away", false, null);
          }
          return pollTaking(Duration.ofSeconds(1)).poll();
        };

    InvocationSummary s =
        polls(failingOnce, 3).run(remainingUntil(clock.instant().plusSeconds(300)));

    assertThat(s.polls()).isEqualTo(2);
    assertThat(s.failedPolls()).isEqualTo(1);
    assertThat(s.errors()).isEqualTo(1);
  }

  @Test
  void aFatalFailureEndsTheInvocationWithTheError() {
    Poller fatal =
        () -> {
          throw new SourceApiConfigException("GET /x answered 404");
        };

    assertThatThrownBy(() -> polls(fatal, 3).run(remainingUntil(clock.instant().plusSeconds(300))))
        .isInstanceOf(SourceApiConfigException.class)
        .hasMessageContaining("404");
  }

  @Test
  void summaryMapUsesSnakeCaseNames() {
    InvocationSummary s = new InvocationSummary(3, 1, 300, 2, 1, 4, 31_000, true);

    assertThat(s.toMap())
        .containsEntry("polls", 3)
        .containsEntry("failed_polls", 1)
        .containsEntry("readings", 300L)
        .containsEntry("rejected", 2L)
        .containsEntry("errors", 1L)
        .containsEntry("http_retries", 4L)
        .containsEntry("stopped_early", true);
  }

  @Test
  void anInvocationWithErrorsThatPublishedNothingFails() {
    InvocationSummary nothing = new InvocationSummary(0, 4, 0, 0, 4, 12, 60_000, false);
    InvocationSummary partial = new InvocationSummary(3, 1, 300, 0, 1, 2, 60_000, false);

    assertThatThrownBy(nothing::failIfNothingPublished)
        .isInstanceOf(PollFailedException.class)
        .hasMessageContaining("published anything");
    assertThat(partial.failIfNothingPublished()).isSameAs(partial);
  }
}
