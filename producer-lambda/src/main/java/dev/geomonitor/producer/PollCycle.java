package dev.geomonitor.producer;

import dev.geomonitor.domain.ApiItem;
import dev.geomonitor.domain.ApiResponse;
import dev.geomonitor.domain.ApiResponseParser;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.MalformedResponseException;
import dev.geomonitor.domain.RawReading;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of the source API into the raw topic, shared by every entry point (Lambda, local loop,
 * local runner).
 *
 * <p>Each endpoint's body is fetched completely before anything of it is sent, so an endpoint that
 * times out or fails contributes nothing to the topic. Every item of a parsed body becomes one raw
 * record, untouched (judging items is the Spark job's work); a body that is not a response of
 * either API version becomes one dead letter. The cycle returns only after every send is
 * acknowledged.
 */
public final class PollCycle implements Poller {
  /**
   * Largest raw record (key plus value) sent; a bigger item is dead-lettered with its size. Under
   * Kafka's default {@code max.request.size} and broker {@code message.max.bytes} (both about 1
   * MiB), which the producer keeps.
   */
  public static final int MAX_RECORD_BYTES = 1_000_000;

  private static final Logger LOG = LoggerFactory.getLogger(PollCycle.class);

  private final SourceApiClient api;
  private final RawTopicPublisher publisher;
  private final List<String> endpoints;
  private final Clock clock;
  private final Supplier<String> pollIds;

  public PollCycle(
      SourceApiClient api,
      RawTopicPublisher publisher,
      List<String> endpoints,
      Clock clock,
      Supplier<String> pollIds) {
    this.api = api;
    this.publisher = publisher;
    this.endpoints = List.copyOf(endpoints);
    this.clock = clock;
    this.pollIds = pollIds;
  }

  public PollCycle(SourceApiClient api, RawTopicPublisher publisher, List<String> endpoints) {
    this(api, publisher, endpoints, Clock.systemUTC(), () -> UUID.randomUUID().toString());
  }

  /**
   * How many times a poll's records are sent before the poll fails: once the API served an item,
   * only the raw topic keeps it (a broker restarting longer than the delivery timeout lost an item
   * when a failed poll simply gave way to the next one).
   */
  static final int PUBLISH_ATTEMPTS = 3;

  /**
   * Waits for every acknowledgement; sends the unacknowledged records again after a retriable
   * failure, up to {@link #PUBLISH_ATTEMPTS} times in all.
   */
  private static void awaitAcks(RawTopicPublisher.Batch batch, String pollId)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        if (attempt > 1) {
          batch.resendUnacknowledged();
        }
        batch.awaitAcks();
        return;
      } catch (PublishFailedException e) {
        if (e.fatal() || attempt >= PUBLISH_ATTEMPTS) {
          throw e;
        }
        LOG.warn(
            "poll {}: {}; sending the unacknowledged records again (attempt {} of {})",
            pollId,
            e.getMessage(),
            attempt + 1,
            PUBLISH_ATTEMPTS);
      }
    }
  }

  private static DeadLetter deadLetter(
      RejectCode code, String why, FetchedBody fetched, String value) {
    return DeadLetter.fromHttp(
        List.of(Rejection.of(code, null, why)), fetched.url(), value, fetched.fetchedAt());
  }

  /**
   * Polls every endpoint once.
   *
   * @throws PublishFailedException when a send fails (the poll is not done; {@code fatal()} says
   *     whether to stop)
   * @throws SourceApiConfigException when the API answers a 4xx other than 429 (fatal)
   */
  @Override
  public PollSummary poll() throws InterruptedException {
    String pollId = pollIds.get();
    Instant started = clock.instant();
    RawTopicPublisher.Batch batch = publisher.newBatch();
    int readings = 0;
    int deadLetters = 0;
    int retries = 0;
    List<String> errors = new ArrayList<>();
    for (String endpoint : endpoints) {
      FetchedBody fetched;
      try {
        fetched = api.fetch(endpoint);
      } catch (SourceApiException e) {
        retries += e.retries();
        errors.add(e.getMessage());
        LOG.error("poll {}: endpoint {} skipped this cycle: {}", pollId, endpoint, e.getMessage());
        continue;
      }
      retries += fetched.retries();
      if (fetched.oversized()) {
        String why =
            "response body over "
                + SourceApiClient.MAX_BODY_BYTES
                + " bytes (read "
                + fetched.oversizeBytes()
                + " before stopping); the first 64 KiB are kept";
        LOG.warn("poll {}: body of {} sent to the DLQ: {}", pollId, fetched.url(), why);
        batch.sendDeadLetter(
            deadLetter(RejectCode.BODY_TOO_LARGE, why, fetched, fetched.body()), pollId);
        deadLetters++;
        continue;
      }
      try {
        ApiResponse response = ApiResponseParser.parse(fetched.body());
        for (ApiItem item : response.items()) {
          String key = RawReading.keyOf(item.node());
          RawReading reading = RawReading.of(response, item, endpoint, fetched.fetchedAt(), pollId);
          byte[] value = reading.toJsonBytes();
          long size = (long) value.length + key.getBytes(StandardCharsets.UTF_8).length;
          if (size > MAX_RECORD_BYTES) {
            String why =
                "item of "
                    + size
                    + " bytes (key and raw record) is over the "
                    + MAX_RECORD_BYTES
                    + "-byte record limit of the raw topic";
            LOG.warn("poll {}: {} from {} sent to the DLQ", pollId, why, fetched.url());
            batch.sendDeadLetter(
                deadLetter(RejectCode.ITEM_TOO_LARGE, why, fetched, item.json()), pollId);
            deadLetters++;
            continue;
          }
          batch.sendReading(key, value, reading);
          readings++;
        }
        for (ApiResponse.RejectedItem bad : response.rejectedItems()) {
          LOG.warn(
              "poll {}: item {} of {} sent to the DLQ: {}",
              pollId,
              bad.index(),
              fetched.url(),
              bad.reason());
          batch.sendDeadLetter(
              DeadLetter.fromHttp(
                  List.of(bad.reason()), fetched.url(), bad.text(), fetched.fetchedAt()),
              pollId);
          deadLetters++;
        }
      } catch (MalformedResponseException e) {
        LOG.warn("poll {}: body of {} sent to the DLQ: {}", pollId, fetched.url(), e.getMessage());
        batch.sendDeadLetter(
            DeadLetter.fromHttp(
                List.of(e.toRejection()), fetched.url(), fetched.body(), fetched.fetchedAt()),
            pollId);
        deadLetters++;
      }
    }
    awaitAcks(batch, pollId);
    PollSummary summary =
        new PollSummary(
            pollId,
            started,
            endpoints.size(),
            readings,
            deadLetters,
            retries,
            errors,
            Duration.between(started, clock.instant()));
    LOG.info(summary.describe());
    return summary;
  }
}
