package dev.geomonitor.producer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs source-API endpoints with timeouts and retries. Retries 5xx, 429, timeouts and connection
 * failures with the {@link RetryPolicy}; fails at once on any other 4xx, which is a configuration
 * error.
 */
public final class SourceApiClient {
  private static final Logger LOG = LoggerFactory.getLogger(SourceApiClient.class);
  private static final int BODY_SNIPPET_CHARS = 300;

  /**
   * Largest response body read (32 MiB: a site of tens of thousands of instruments answers in a few
   * MB). A bigger body is not read further and becomes one dead letter ({@code BODY_TOO_LARGE})
   * with its size and first 64 KiB.
   */
  public static final long MAX_BODY_BYTES = 32L * 1024 * 1024;

  private final HttpClient http;
  private final String baseUrl;
  private final Duration readTimeout;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final Clock clock;
  private final DoubleSupplier jitter;
  private final long maxBodyBytes;
  private final ApiSigner signer;

  public SourceApiClient(
      HttpClient http,
      URI baseUrl,
      Duration readTimeout,
      RetryPolicy retry,
      Sleeper sleeper,
      Clock clock,
      DoubleSupplier jitter) {
    this(http, baseUrl, readTimeout, retry, sleeper, clock, jitter, MAX_BODY_BYTES, ApiSigner.NONE);
  }

  /** As above with another body cap (tests use a small one). */
  SourceApiClient(
      HttpClient http,
      URI baseUrl,
      Duration readTimeout,
      RetryPolicy retry,
      Sleeper sleeper,
      Clock clock,
      DoubleSupplier jitter,
      long maxBodyBytes) {
    this(http, baseUrl, readTimeout, retry, sleeper, clock, jitter, maxBodyBytes, ApiSigner.NONE);
  }

  /** As above, each request authenticated by {@code signer}. */
  SourceApiClient(
      HttpClient http,
      URI baseUrl,
      Duration readTimeout,
      RetryPolicy retry,
      Sleeper sleeper,
      Clock clock,
      DoubleSupplier jitter,
      long maxBodyBytes,
      ApiSigner signer) {
    this.signer = signer;
    this.maxBodyBytes = maxBodyBytes;
    this.http = http;
    String base = baseUrl.toString();
    // concatenated, not URI.resolve: a base with a path prefix (a Lambda Function URL stage) must
    // keep it
    this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.readTimeout = readTimeout;
    this.retry = retry;
    this.sleeper = sleeper;
    this.clock = clock;
    this.jitter = jitter;
  }

  public static SourceApiClient create(ProducerConfig config, HttpClient http) {
    return new SourceApiClient(
        http,
        config.apiBaseUrl(),
        config.readTimeout(),
        config.retry(),
        Sleeper.SYSTEM,
        Clock.systemUTC(),
        () -> ThreadLocalRandom.current().nextDouble(),
        MAX_BODY_BYTES,
        ApiSigner.of(config.apiAuth(), config.signingRegion()));
  }

  /** One client per process: it pools connections across polls and invocations. */
  public static HttpClient httpClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        // the API is plain JSON over HTTP/1.1; an h2c upgrade attempt buys nothing and confuses
        // simple servers
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /**
   * One attempt's request: signed per attempt, so a retry after a long backoff carries a fresh
   * signature.
   */
  private HttpRequest request(String url) {
    URI uri = URI.create(url);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(readTimeout)
            .header("Accept", "application/json")
            .header("User-Agent", "geomonitor-producer");
    signer.sign(request, uri);
    return request.build();
  }

  public String urlOf(String endpoint) {
    return baseUrl + endpoint;
  }

  /**
   * Fetches one endpoint.
   *
   * @throws SourceApiException when every attempt failed or the status is unexpected (the poll goes
   *     on)
   * @throws SourceApiConfigException on a 4xx other than 429 (fatal)
   */
  public FetchedBody fetch(String endpoint) throws SourceApiException, InterruptedException {
    String url = urlOf(endpoint);
    String lastFailure = null;
    Throwable lastCause = null;
    for (int attempt = 1; ; attempt++) {
      String retryAfter = null;
      try {
        HttpResponse<CappedBody> capped = send(request(url));
        int status = capped.statusCode();
        if (status >= 200 && status < 300) {
          CappedBody body = capped.body();
          return new FetchedBody(
              url,
              status,
              body.text(),
              clock.instant(),
              attempt - 1,
              body.overCap() ? body.bytes() : 0);
        }
        if (status != 429 && status >= 400 && status < 500) {
          throw new SourceApiConfigException(
              "GET "
                  + url
                  + " answered "
                  + status
                  + ": a client error is a configuration mistake, not retried; check API_BASE_URL and"
                  + " API_ENDPOINTS. Body: "
                  + snippet(capped.body().text()));
        }
        if (status != 429 && status < 500) {
          throw new SourceApiException(
              url,
              attempt - 1,
              "GET "
                  + url
                  + " answered unexpected status "
                  + status
                  + ": "
                  + snippet(capped.body().text()),
              null);
        }
        retryAfter = capped.headers().firstValue("Retry-After").orElse(null);
        lastFailure =
            "status " + status + (retryAfter == null ? "" : " (Retry-After: " + retryAfter + ")");
        lastCause = null;
      } catch (TimeoutException e) {
        lastFailure =
            "no complete response within the read timeout of " + readTimeout.toMillis() + " ms";
        lastCause = e;
      } catch (ConnectException e) {
        lastFailure =
            "cannot connect to " + URI.create(url).getAuthority() + " (" + describe(e) + ")";
        lastCause = e;
      } catch (IOException e) {
        lastFailure = describe(e);
        lastCause = e;
      }
      if (attempt >= retry.maxAttempts()) {
        throw new SourceApiException(
            url,
            attempt - 1,
            "GET " + url + " failed after " + attempt + " attempt(s); last: " + lastFailure,
            lastCause);
      }
      Duration wait =
          retry.delayBeforeRetry(attempt, retryAfter, clock.instant(), jitter.getAsDouble());
      LOG.warn(
          "GET {} attempt {} failed ({}); retrying in {} ms",
          url,
          attempt,
          lastFailure,
          wait.toMillis());
      sleeper.sleep(wait);
    }
  }

  /**
   * Sends with a deadline on the whole exchange, body included: the request timeout is about the
   * response arriving, and a body that trickles in after its headers must not hold the poll beyond
   * the read timeout either.
   */
  private HttpResponse<CappedBody> send(HttpRequest request)
      throws IOException, TimeoutException, InterruptedException {
    CompletableFuture<HttpResponse<CappedBody>> future =
        http.sendAsync(request, CappedBody.handler(maxBodyBytes));
    try {
      return future.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException timeout) {
        TimeoutException t = new TimeoutException(timeout.getMessage());
        t.initCause(timeout);
        throw t;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("GET " + request.uri() + " failed: " + cause, cause);
    }
  }

  /**
   * The JDK client often throws with a null message and the reason in a cause ("Connection
   * refused").
   */
  static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null) {
        return text.append(": ").append(t.getMessage()).toString();
      }
    }
    return text.toString();
  }

  private static String snippet(String body) {
    if (body == null) {
      return "(none)";
    }
    return body.length() <= BODY_SNIPPET_CHARS
        ? body
        : body.substring(0, BODY_SNIPPET_CHARS) + "...";
  }
}
