package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.producer.StubApi.Reply;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SourceApiClientTest {
  private static final RetryPolicy FOUR_ATTEMPTS =
      new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(2));

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private StubApi api;

  @AfterEach
  void closeApi() throws Exception {
    if (api != null) {
      api.close();
    }
  }

  private SourceApiClient client(URI base, Duration readTimeout, RetryPolicy retry, Sleeper s) {
    return new SourceApiClient(
        SourceApiClient.httpClient(Duration.ofSeconds(1)),
        base,
        readTimeout,
        retry,
        s,
        Clock.systemUTC(),
        () -> 0.0);
  }

  @Test
  void serverErrorThenSuccessReturnsTheBodyAndCountsOneRetry() throws Exception {
    // Given an API that fails once with 500, then answers
    api = StubApi.start().then(Reply.status(500)).then(Reply.ok(ApiBodies.V1_STANDPIPES));

    // When the endpoint is fetched
    FetchedBody body =
        client(api.baseUrl(), Duration.ofSeconds(2), FOUR_ATTEMPTS, sleeper).fetch("/params/all/");

    // Then the second answer is returned after one jittered backoff
    assertThat(body.body()).isEqualTo(ApiBodies.V1_STANDPIPES);
    assertThat(body.retries()).isEqualTo(1);
    assertThat(body.url()).isEqualTo(api.baseUrl() + "/params/all/");
    assertThat(api.requests()).isEqualTo(2);
    assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(50));
  }

  @Test
  void retryAfterOfA503IsTheWaitUsed() throws Exception {
    api =
        StubApi.start()
            .then(Reply.status(503).withHeader("Retry-After", "1"))
            .then(Reply.status(429).withHeader("Retry-After", "120"))
            .then(Reply.ok(ApiBodies.V1_STANDPIPES));

    FetchedBody body =
        client(api.baseUrl(), Duration.ofSeconds(2), FOUR_ATTEMPTS, sleeper).fetch("/params/all/");

    // Then 1 s is honoured and 120 s is cut to the 2 s cap
    assertThat(body.retries()).isEqualTo(2);
    assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void retryAfterIsReallyWaitedAndTheWaitIsBounded() throws Exception {
    // Given a 503 asking for 1 s, with the real sleeper
    api =
        StubApi.start()
            .then(Reply.status(503).withHeader("Retry-After", "1"))
            .then(Reply.ok(ApiBodies.V1_STANDPIPES));

    client(api.baseUrl(), Duration.ofSeconds(2), FOUR_ATTEMPTS, Sleeper.SYSTEM)
        .fetch("/params/all/");

    // Then the second request arrived at least 1 s after the first, and within a bound (slack for a
    // loaded machine)
    long gapMillis = (api.arrivalNanos().get(1) - api.arrivalNanos().get(0)) / 1_000_000;
    assertThat(gapMillis).isBetween(1_000L, 5_000L);
  }

  @Test
  void exhaustedRetriesFailWithTheUrlAttemptsAndLastStatus() throws Exception {
    api = StubApi.start().otherwise(Reply.status(502));

    assertThatThrownBy(
            () ->
                client(api.baseUrl(), Duration.ofSeconds(2), FOUR_ATTEMPTS, sleeper)
                    .fetch("/params/x/"))
        .isInstanceOf(SourceApiException.class)
        .hasMessageContaining("/params/x/")
        .hasMessageContaining("4 attempt(s)")
        .hasMessageContaining("status 502")
        .satisfies(e -> assertThat(((SourceApiException) e).retries()).isEqualTo(3));
    assertThat(api.requests()).isEqualTo(4);
    assertThat(sleeper.waits()).hasSize(3);
  }

  @Test
  void clientErrorFailsAtOnceAsAConfigurationError() throws Exception {
    api = StubApi.start().otherwise(Reply.status(404));

    assertThatThrownBy(
            () ->
                client(api.baseUrl(), Duration.ofSeconds(2), FOUR_ATTEMPTS, sleeper)
                    .fetch("/nope/"))
        .isInstanceOf(SourceApiConfigException.class)
        .hasMessageContaining("404")
        .hasMessageContaining("API_BASE_URL")
        .satisfies(e -> assertThat(((SourceApiConfigException) e).fatal()).isTrue());
    assertThat(api.requests()).isEqualTo(1);
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void responseSlowerThanTheReadTimeoutFailsAfterTheAttempts() throws Exception {
    // Given an API that never answers in time
    api = StubApi.start().otherwise(Reply.hanging());
    RetryPolicy twoAttempts =
        new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ZERO);

    // When fetched with a 300 ms read timeout
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                client(api.baseUrl(), Duration.ofMillis(300), twoAttempts, sleeper)
                    .fetch("/params/all/"))
        .isInstanceOf(SourceApiException.class)
        .hasMessageContaining("read timeout of 300 ms");
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    // Then both attempts timed out, and the call did not wait for the server (which holds for 30 s)
    assertThat(api.requests()).isEqualTo(2);
    assertThat(tookMillis).isBetween(600L, 15_000L);
  }

  @Test
  void connectionRefusedIsRetriedThenReported() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }

    URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
    assertThatThrownBy(
            () ->
                client(nowhere, Duration.ofSeconds(1), FOUR_ATTEMPTS, sleeper)
                    .fetch("/params/all/"))
        .isInstanceOf(SourceApiException.class)
        .hasMessageContaining("cannot connect to 127.0.0.1:" + closedPort)
        .hasMessageNotContaining("null");
    assertThat(sleeper.waits()).hasSize(3);
  }

  @Test
  void baseUrlPathPrefixIsKept() throws Exception {
    api = StubApi.start().otherwise(Reply.ok(ApiBodies.V1_STANDPIPES));

    client(URI.create(api.baseUrl() + "/stage/"), Duration.ofSeconds(2), FOUR_ATTEMPTS, sleeper)
        .fetch("/params/all/");

    assertThat(api.paths()).containsExactly("/stage/params/all/");
  }
}
