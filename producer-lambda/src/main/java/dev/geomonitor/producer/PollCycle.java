package dev.geomonitor.producer;

import dev.geomonitor.domain.ApiItem;
import dev.geomonitor.domain.ApiResponse;
import dev.geomonitor.domain.ApiResponseParser;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.MalformedResponseException;
import dev.geomonitor.domain.RawReading;
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
 * One poll of the source API into the raw topic, shared by every entry point (Lambda, local loop, local runner).
 *
 * <p>Each endpoint's body is fetched completely before anything of it is sent, so an endpoint that times out or fails
 * contributes nothing to the topic. Every item of a parsed body becomes one raw record, untouched (judging items is the
 * Spark job's work); a body that is not a response of either API version becomes one dead letter. The cycle returns
 * only after every send is acknowledged.
 */
public final class PollCycle implements Poller {
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
   * Polls every endpoint once.
   *
   * @throws PublishFailedException when a send fails (the poll is not done; {@code fatal()} says whether to stop)
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
      try {
        ApiResponse response = ApiResponseParser.parse(fetched.body());
        for (ApiItem item : response.items()) {
          batch.sendReading(
              RawReading.keyOf(item.node()),
              RawReading.of(response, item, endpoint, fetched.fetchedAt(), pollId));
        }
        readings += response.items().size();
      } catch (MalformedResponseException e) {
        LOG.warn("poll {}: body of {} sent to the DLQ: {}", pollId, fetched.url(), e.getMessage());
        batch.sendDeadLetter(
            DeadLetter.fromHttp(List.of(e.toRejection()), fetched.url(), fetched.body(), fetched.fetchedAt()),
            pollId);
        deadLetters++;
      }
    }
    batch.awaitAcks();
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
