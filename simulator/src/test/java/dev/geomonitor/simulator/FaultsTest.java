package dev.geomonitor.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.domain.ApiResponse;
import dev.geomonitor.domain.ApiResponseParser;
import dev.geomonitor.domain.DecodeResult;
import dev.geomonitor.domain.MalformedResponseException;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Rejection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FaultsTest {
  private static final Instant START = Instant.parse("2026-11-24T20:00:00Z");
  private static final Instant NOW = START.plusSeconds(3600);
  private static final String PATH = "/params/all/";

  /** What the pipeline's validator must say about each corruption. */
  private static final Map<MalformedKind, RejectCode> EXPECTED =
      Map.of(
          MalformedKind.MISSING_FIELD, RejectCode.MISSING_FIELD,
          MalformedKind.STRING_VALUE, RejectCode.WRONG_TYPE,
          MalformedKind.BOOLEAN_NORTHING, RejectCode.WRONG_TYPE,
          MalformedKind.BLANK_BOREHOLE_NUMBER, RejectCode.BLANK_FIELD,
          MalformedKind.UNKNOWN_INSTRUMENT, RejectCode.UNKNOWN_INSTRUMENT,
          MalformedKind.VALUE_OUT_OF_RANGE, RejectCode.VALUE_OUT_OF_RANGE,
          MalformedKind.COORDINATES_OUTSIDE_GRID, RejectCode.COORDINATES_OUT_OF_GRID,
          MalformedKind.UNPARSEABLE_TIMESTAMP, RejectCode.UNPARSEABLE_TIMESTAMP);

  private static SourceApi api(String version, Faults faults) {
    return new SourceApi(
        SimulatorConfig.defaults()
            .withSeed(17)
            .withInstrumentsPerType(20)
            .withApiVersion(version)
            .withScenarioStart(START)
            .withClock(Clock.fixed(NOW, ZoneOffset.UTC))
            .withFaults(faults));
  }

  private static List<RejectCode> codes(DecodeResult r) {
    return r.rejections().stream().map(Rejection::code).toList();
  }

  @ParameterizedTest
  @EnumSource(MalformedKind.class)
  void eachMalformedKindIsRejectedForItsReasonAndCounted(MalformedKind kind) {
    for (String version : List.of("v1", "v2")) {
      // Given every item corrupted in one way
      SourceApi api =
          api(version, Faults.none().withMalformedRate(1.0).withMalformedKinds(List.of(kind)));

      // When the pipeline reads a poll
      ApiReply reply = api.handle("GET", PATH, "");
      List<DecodeResult> results = Served.decode(reply, PATH, NOW);

      // Then each item is rejected with the matching reason and the stats say so
      assertThat(results).isNotEmpty();
      assertThat(results)
          .allSatisfy(r -> assertThat(codes(r)).as(version).contains(EXPECTED.get(kind)));
      assertThat(api.stats().malformedOf(kind)).isEqualTo(results.size());
      assertThat(api.stats().malformedItems()).isEqualTo(results.size());
      assertThat(api.stats().itemsServed()).isEqualTo(results.size());
    }
  }

  @Test
  void malformedItemsAreMixedWithCleanOnesAtTheConfiguredRate() {
    // Given a third of items corrupted in any way
    SourceApi api = api("v2", Faults.none().withMalformedRate(0.3));

    // When polling ten times
    long rejected = 0;
    long served = 0;
    for (int i = 0; i < 10; i++) {
      List<DecodeResult> results = Served.decode(api.handle("GET", PATH, ""), PATH, NOW);
      served += results.size();
      rejected += results.stream().filter(r -> !r.isAccepted()).count();
    }

    // Then the validator rejects exactly the corrupted items, about 30 % of them, with several
    // kinds drawn
    assertThat(rejected).isEqualTo(api.stats().malformedItems());
    assertThat((double) rejected / served).isBetween(0.25, 0.35);
    assertThat(api.stats().malformedByKind()).hasSizeGreaterThan(5);
  }

  @Test
  void duplicatesRepeatCleanItemsWithinAResponse() {
    // Given every clean item duplicated
    SourceApi api = api("v1", Faults.none().withDuplicateRate(1.0));

    // When polling
    ApiResponse r = Served.parse(api.handle("GET", "/params/water_standpipe/", ""));

    // Then each reading appears twice, length says so, and the copies are counted
    assertThat(r.items()).hasSize(40);
    assertThat(r.declaredCount()).isEqualTo(40);
    assertThat(r.items().stream().map(i -> i.json()).distinct()).hasSize(20);
    assertThat(api.stats().duplicateItems()).isEqualTo(20);
    assertThat(api.stats().itemsServed()).isEqualTo(40);
  }

  @Test
  void lateItemsWithinFifteenMinutesAreStillAccepted() {
    // Given every item late by minutes
    SourceApi api = api("v2", Faults.none().withLateRate(1.0));

    // When polling
    ApiReply reply = api.handle("GET", PATH, "");
    List<DecodeResult> results = Served.decode(reply, PATH, NOW);

    // Then all are older than one minute but accepted, and counted
    assertThat(results)
        .allSatisfy(
            r -> {
              assertThat(r.rejections()).isEmpty();
              assertThat(r.reading().timestamp())
                  .isBefore(NOW.minus(Duration.ofSeconds(50)))
                  .isAfter(NOW.minus(Duration.ofMinutes(15)));
            });
    assertThat(api.stats().lateItems()).isEqualTo(results.size());
  }

  @Test
  void bufferedItemsAreUpToNinetyMinutesOldAndStillAccepted() {
    // Given every item from a buffered upload
    SourceApi api = api("v1", Faults.none().withVeryLateRate(1.0));

    // When polling
    List<DecodeResult> results = Served.decode(api.handle("GET", PATH, ""), PATH, NOW);

    // Then each is 15 to 90 minutes old, accepted (old is late, not invalid), and counted
    assertThat(results)
        .allSatisfy(
            r -> {
              assertThat(r.rejections()).isEmpty();
              assertThat(r.reading().timestamp())
                  .isBefore(NOW.minus(Duration.ofMinutes(14)))
                  .isAfter(NOW.minus(Duration.ofMinutes(91)));
            });
    assertThat(api.stats().veryLateItems()).isEqualTo(results.size());
  }

  @Test
  void correctedItemsRepeatAReadingsTimestampWithAnotherValue() {
    // Given every clean item re-issued with a corrected value
    SourceApi api = api("v2", Faults.none().withCorrectedRate(1.0));

    // When polling
    List<DecodeResult> results = Served.decode(api.handle("GET", PATH, ""), PATH, NOW);

    // Then each reading id appears twice with two different values, and the corrections are counted
    // (not as copies)
    assertThat(results).allSatisfy(r -> assertThat(r.rejections()).isEmpty());
    var byId =
        results.stream()
            .map(DecodeResult::reading)
            .collect(
                java.util.stream.Collectors.groupingBy(dev.geomonitor.domain.Reading::readingId));
    assertThat(byId.values())
        .allSatisfy(
            same -> {
              assertThat(same).hasSize(2);
              assertThat(same.get(1).value()).isNotEqualTo(same.get(0).value());
            });
    assertThat(api.stats().correctedItems()).isEqualTo(results.size() / 2);
    assertThat(api.stats().duplicateItems()).isZero();
  }

  @Test
  void futureItemsAreHoursAheadAndRejectedAsFuture() {
    // Given every item from the future
    SourceApi api = api("v2", Faults.none().withFutureRate(1.0));

    // When polling
    List<DecodeResult> results = Served.decode(api.handle("GET", PATH, ""), PATH, NOW);

    // Then each is rejected as future, and counted
    assertThat(results)
        .allSatisfy(r -> assertThat(codes(r)).containsExactly(RejectCode.FUTURE_TIMESTAMP));
    assertThat(api.stats().futureItems()).isEqualTo(results.size());
  }

  @Test
  void unavailableAnswers503WithRetryAfter() {
    // Given every request refused as unavailable, retry after 7 s
    SourceApi api = api("v1", Faults.none().withUnavailableRate(1.0).withRetryAfterSeconds(7));

    // When polling
    ApiReply reply = api.handle("GET", PATH, "");

    // Then 503 with Retry-After 7, counted, and no items served
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.headers()).containsEntry("Retry-After", "7");
    assertThat(api.stats().unavailableResponses()).isEqualTo(1);
    assertThat(api.stats().errorResponses()).isEqualTo(1);
    assertThat(api.stats().itemsServed()).isZero();
  }

  @Test
  void internalErrorAnswers500WithoutRetryAfter() {
    // Given every request failing
    SourceApi api = api("v1", Faults.none().withInternalErrorRate(1.0));

    // When polling
    ApiReply reply = api.handle("GET", PATH, "");

    // Then 500 without Retry-After, counted
    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.headers()).doesNotContainKey("Retry-After");
    assertThat(api.stats().internalErrorResponses()).isEqualTo(1);
  }

  @Test
  void errorResponsesComeAtTheConfiguredRate() {
    // Given 20 % of requests answered 503
    SourceApi api = api("v1", Faults.none().withUnavailableRate(0.2));

    // When polling 200 times
    long refused = 0;
    for (int i = 0; i < 200; i++) {
      refused += api.handle("GET", "/params/pore_pressure/", "").status() == 503 ? 1 : 0;
    }

    // Then about 40 are refused, exactly as counted
    assertThat(refused).isBetween(25L, 55L).isEqualTo(api.stats().unavailableResponses());
    assertThat(api.stats().itemsServed()).isEqualTo((200 - refused) * 20);
  }

  @Test
  void slowResponsesCarryTheirDelay() {
    // Given every response slowed by 1.5 s
    SourceApi api =
        api("v1", Faults.none().withSlowRate(1.0).withSlowDelay(Duration.ofMillis(1500)));

    // When polling
    ApiReply reply = api.handle("GET", PATH, "");

    // Then the reply asks its transport to wait, and is counted
    assertThat(reply.delay()).isEqualTo(Duration.ofMillis(1500));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(api.stats().slowResponses()).isEqualTo(1);
  }

  @Test
  void truncatedBodiesAreNotJsonAndTheirItemsAreNotCountedAsServed() {
    // Given every body cut short
    SourceApi api = api("v2", Faults.none().withTruncatedBodyRate(1.0));

    // When polling
    ApiReply reply = api.handle("GET", PATH, "");

    // Then the pipeline's parser refuses it as malformed JSON, and the stats count the body, not
    // its items
    assertThat(reply.status()).isEqualTo(200);
    assertThatThrownBy(() -> ApiResponseParser.parse(reply.body()))
        .isInstanceOfSatisfying(
            MalformedResponseException.class,
            e -> assertThat(e.code()).isEqualTo(RejectCode.MALFORMED_JSON));
    assertThat(api.stats().truncatedBodies()).isEqualTo(1);
    assertThat(api.stats().truncatedBodyItems()).isEqualTo(100);
    assertThat(api.stats().itemsServed()).isZero();
  }

  @Test
  void faultsAreReproducibleForTheSameSeedAndRequestSequence() {
    // Given two simulators with the same seed and a mix of faults
    Faults mix =
        Faults.none()
            .withMalformedRate(0.1)
            .withDuplicateRate(0.1)
            .withLateRate(0.1)
            .withUnavailableRate(0.2);
    SourceApi a = api("v1", mix);
    SourceApi b = api("v1", mix);

    // When both answer the same ten requests
    // Then the answers are identical, error responses included
    Set<Integer> statuses = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      ApiReply ra = a.handle("GET", PATH, "");
      assertThat(b.handle("GET", PATH, "")).isEqualTo(ra);
      statuses.add(ra.status());
    }
    assertThat(statuses).containsExactlyInAnyOrder(200, 503);
    assertThat(b.stats()).isEqualTo(a.stats());
  }

  @Test
  void faultsCanBeSwitchedAtRuntimeThroughTheApi() {
    // Given a simulator without faults
    SourceApi api = api("v1", Faults.none());

    // When a fault is posted, then another field, then the faults are deleted
    ApiReply first =
        api.handle(
            "POST", "/_simulator/faults", "{\"unavailable_rate\":1.0,\"retry_after_seconds\":3}");
    ApiReply refused = api.handle("GET", PATH, "");
    api.handle("POST", "/_simulator/faults", "{\"malformed_kinds\":[\"string_value\"]}");
    Faults merged = api.faults();
    api.handle("DELETE", "/_simulator/faults", "");

    // Then each change applies from the next request and a POST changes only the fields it names
    assertThat(first.status()).isEqualTo(200);
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.headers()).containsEntry("Retry-After", "3");
    assertThat(merged.unavailableRate()).isEqualTo(1.0);
    assertThat(merged.malformedKinds()).containsExactly(MalformedKind.STRING_VALUE);
    assertThat(api.faults()).isEqualTo(Faults.none());
    assertThat(api.handle("GET", PATH, "").status()).isEqualTo(200);
  }

  @Test
  void badFaultSettingsAreRefusedWithAMessageNamingTheProblem() {
    // Given a simulator
    SourceApi api = api("v1", Faults.none());

    // When posting an out-of-range rate, an unknown field and a non-object
    ApiReply badRate = api.handle("POST", "/_simulator/faults", "{\"duplicate_rate\":1.5}");
    ApiReply unknown = api.handle("POST", "/_simulator/faults", "{\"dupes\":0.1}");
    ApiReply notObject = api.handle("POST", "/_simulator/faults", "[1]");

    // Then each is a 400 that says what is wrong, and nothing changed
    assertThat(badRate.status()).isEqualTo(400);
    assertThat(badRate.body()).contains("duplicate_rate must be a rate between 0 and 1");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body()).contains("dupes");
    assertThat(notObject.status()).isEqualTo(400);
    assertThat(api.faults()).isEqualTo(Faults.none());
  }

  @Test
  void itemFaultRatesThatCannotAllApplyAreRefused() {
    // Given rates that would need more than one fault per item
    // When building them
    // Then the record says which rates to lower
    assertThatThrownBy(() -> Faults.none().withMalformedRate(0.6).withFutureRate(0.6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed_rate + late_rate + very_late_rate + future_rate");
  }
}
