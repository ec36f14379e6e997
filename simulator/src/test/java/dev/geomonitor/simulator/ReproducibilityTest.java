package dev.geomonitor.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.ApiResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReproducibilityTest {
  private static final Instant START = Instant.parse("2026-11-24T20:00:00Z");

  private static SimulatorConfig config(long seed, Clock clock) {
    return SimulatorConfig.defaults()
        .withSeed(seed)
        .withInstrumentsPerType(30)
        .withApiVersion("v2")
        .withScenarioStart(START)
        .withClock(clock);
  }

  @Test
  void sameSeedAndTimeServeIdenticalJson() {
    // Given two independent simulators with the same seed and clock
    Clock at = Clock.fixed(START.plusSeconds(1234), ZoneOffset.UTC);
    SourceApi first = new SourceApi(config(99, at));
    SourceApi second = new SourceApi(config(99, at));

    // When each serves every endpoint
    // Then the bodies are byte for byte the same
    for (Endpoint e : Endpoint.values()) {
      assertThat(second.handle("GET", e.path(), "").body())
          .isEqualTo(first.handle("GET", e.path(), "").body());
    }
  }

  @Test
  void differentSeedServesDifferentSite() {
    // Given two simulators differing only in seed
    Clock at = Clock.fixed(START.plusSeconds(60), ZoneOffset.UTC);

    // When both serve standpipes
    ApiResponse a =
        Served.parse(new SourceApi(config(1, at)).handle("GET", "/params/water_standpipe/", ""));
    ApiResponse b =
        Served.parse(new SourceApi(config(2, at)).handle("GET", "/params/water_standpipe/", ""));

    // Then ids and positions differ
    assertThat(a.items().get(0).node().get("borehole_number"))
        .isNotEqualTo(b.items().get(0).node().get("borehole_number"));
    assertThat(a.items().get(0).node().get("northing"))
        .isNotEqualTo(b.items().get(0).node().get("northing"));
  }

  @Test
  void twoPollsWithinOneSampleIntervalServeTheSameReadings() {
    // Given a simulator whose clock can be stepped
    ManualClock clock = new ManualClock(START.plusSeconds(300));
    SourceApi api = new SourceApi(config(5, clock));
    Instrument instrument = api.site().instruments(InstrumentKind.PIEZOMETER).get(0);
    Scenario scenario = new Scenario(5, START, Duration.ofSeconds(10), 1.0);
    // Step to just after this instrument's sample so the next one is nearly a full interval away
    clock.set(scenario.sampleTime(instrument, 30).plusMillis(1));

    // When polling twice 5 s apart, then once more 10 s later
    String p1 = itemOf(api, instrument.id());
    clock.advance(Duration.ofSeconds(5));
    String p2 = itemOf(api, instrument.id());
    clock.advance(Duration.ofSeconds(10));
    String p3 = itemOf(api, instrument.id());

    // Then the first two are the same reading (a duplicate the pipeline must absorb) and the third
    // is the next sample
    assertThat(p2).isEqualTo(p1);
    assertThat(p3).isNotEqualTo(p1);
  }

  @Test
  void aReadingIsAFunctionOfTimeNotOfPollHistory() {
    // Given one simulator polled at many times and a fresh one polled once at the last time
    ManualClock clock = new ManualClock(START);
    SourceApi busy = new SourceApi(config(8, clock));
    for (int i = 0; i < 20; i++) {
      busy.handle("GET", "/params/settlement/z/", "");
      clock.advance(Duration.ofSeconds(7));
    }
    SourceApi fresh = new SourceApi(config(8, Clock.fixed(clock.instant(), ZoneOffset.UTC)));

    // When both answer at that time
    // Then they agree: a stateless Lambda can serve the same series
    assertThat(fresh.handle("GET", "/params/settlement/z/", "").body())
        .isEqualTo(busy.handle("GET", "/params/settlement/z/", "").body());
  }

  @Test
  void instrumentsSitInsideTheSiteGridWithUniqueIds() {
    // Given a large site
    Site site = Site.generate(3, 500, 0.05, 10_000);

    // When listing every instrument
    List<Instrument> all = site.all();

    // Then all lie inside the Melbourne grid (with margin) and ids never repeat
    assertThat(all).hasSize(2500);
    assertThat(all)
        .allSatisfy(
            i -> {
              assertThat(i.northing()).isBetween(5_810_100L, 5_815_900L);
              assertThat(i.easting()).isBetween(316_100L, 324_900L);
            });
    assertThat(all.stream().map(Instrument::id).distinct()).hasSize(2500);
  }

  @Test
  void timestampsCarryEachInstrumentsOwnPhase() {
    // Given a simulator at a fixed time
    SourceApi api = new SourceApi(config(11, Clock.fixed(START.plusSeconds(600), ZoneOffset.UTC)));

    // When reading the timestamps of one endpoint
    ApiResponse r = Served.parse(api.handle("GET", "/params/water_standpipe/", ""));

    // Then instruments do not all sample at the same instant, and none is after now or older than
    // an interval
    List<Instant> stamps =
        r.items().stream().map(i -> Instant.parse(i.node().get("timestamp").asText())).toList();
    assertThat(stamps.stream().distinct().count()).isGreaterThan(20);
    assertThat(stamps)
        .allSatisfy(t -> assertThat(t).isBetween(START.plusSeconds(590), START.plusSeconds(600)));
  }

  private static String itemOf(SourceApi api, String id) {
    ApiResponse r = Served.parse(api.handle("GET", "/params/pore_pressure/", ""));
    return r.items().stream()
        .filter(i -> i.node().get("borehole_number").asText().equals(id))
        .findFirst()
        .orElseThrow()
        .json();
  }
}
