package dev.geomonitor.alarms;

import static dev.geomonitor.alarms.SiteDatabase.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import dev.geomonitor.embedded.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rate-of-change triggers as versioned data on a real PostgreSQL: added and listed through the API,
 * refused with the field named, append-only, and used by the running alarm processor by the event
 * time of each instrument's newest reading.
 */
@ExtendWith({TestServices.class, SiteDatabase.class})
class RateTriggerVersionsIT {
  /**
   * Readings are stamped in event time far after the wall clock, so versions may take effect there
   * whatever the grace: what matters is the event time, not when the test runs.
   */
  private static final Instant T = Instant.parse("2099-01-01T00:00:00Z");

  private static final RateTriggers FILE =
      new RateTriggers(
          Map.of("settlement_marker", new RateTriggers.Rule(5.0, Duration.ofDays(1), 3.0)),
          Map.of());
  private static final AlarmPolicy POLICY =
      new AlarmPolicy(
          Map.of("RATE", new AlarmPolicy.LevelPolicy(Duration.ofHours(2), 0)),
          Duration.ofMinutes(15),
          StaleIntervals.NONE,
          0,
          FILE);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T08:00:00Z"));

  private AlarmApi api(SiteDatabase.Site site) {
    return new AlarmApi(new AlarmStore(site.dataSource(), RateLimit.DEFAULT), clock)
        .withRateTriggers(new RateTriggerVersions(site.dataSource()), () -> FILE);
  }

  private AlarmProcessor processor(SiteDatabase.Site site) {
    AlarmStore store = new AlarmStore(site.dataSource(), RateLimit.DEFAULT);
    return new AlarmProcessor(
        store,
        new AlertFeed(site.dataSource(), null),
        new InstrumentWatch(site.dataSource(), store),
        POLICY,
        AlarmProcessor.Delivery.NONE,
        clock);
  }

  @Test
  void anEngineerAddsRateVersionsAndReadsTheHistoryWithWhoWhenAndWhy(SiteDatabase.Site site)
      throws Exception {
    // Given
    AlarmApi api = api(site);

    // When
    AlarmApi.Answer before = api.handle("GET", "/api/rate-triggers", Map.of(), null);
    AlarmApi.Answer tighter =
        post(
            api,
            "{\"instrument\":\"settlement_marker\",\"borehole_number\":\"SM-104\",\"change\":3,"
                + "\"within\":\"PT12H\",\"clear_below\":2,\"by\":\"j.smith\","
                + "\"reason\":\"next to the shaft\"}");
    AlarmApi.Answer off =
        post(
            api,
            "{\"instrument\":\"settlement_marker\",\"borehole_number\":\"SM-7\",\"off\":true,"
                + "\"effective_from\":\"2099-01-01T00:00:00Z\",\"by\":\"a.n.other\","
                + "\"reason\":\"reinstalled\"}");
    AlarmApi.Answer after = api.handle("GET", "/api/rate-triggers", Map.of(), null);

    // Then
    assertThat(before.status()).isEqualTo(200);
    assertThat(json(before).path("grace").asText()).isEqualTo("PT15M");
    assertThat(json(before).at("/initial/types/settlement_marker/change").asDouble())
        .isEqualTo(5.0);
    assertThat(json(before).path("versions")).isEmpty();
    assertThat(tighter.status()).isEqualTo(201);
    JsonNode v = json(tighter);
    assertThat(v.path("off").asBoolean()).isFalse();
    assertThat(v.path("change").asDouble()).isEqualTo(3.0);
    assertThat(v.path("within").asText()).isEqualTo("PT12H");
    assertThat(v.path("clear_below").asDouble()).isEqualTo(2.0);
    assertThat(v.path("changed_by").asText()).isEqualTo("j.smith");
    assertThat(v.path("reason").asText()).isEqualTo("next to the shaft");
    assertThat(
            Duration.between(
                Instant.parse(v.path("changed_at").asText()),
                Instant.parse(v.path("effective_from").asText())))
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(off.status()).isEqualTo(201);
    assertThat(json(off).path("off").asBoolean()).isTrue();
    assertThat(json(off).path("change").isNull()).isTrue();
    assertThat(json(after).path("versions"))
        .extracting(n -> n.path("changed_by").asText() + " " + n.path("borehole_number").asText())
        .containsExactly("a.n.other SM-7", "j.smith SM-104");
  }

  @Test
  void aVersionThatCannotBeAcceptedIsRefusedNamingTheField(SiteDatabase.Site site)
      throws Exception {
    AlarmApi api = api(site);
    String rule = "\"change\":5,\"within\":\"P1D\"";
    String who = "\"by\":\"j.smith\",\"reason\":\"x\"";

    assertThat(refusal(api, "{\"instrument\":\"settlement_marker\"," + rule + ",\"reason\":\"x\"}"))
        .contains("by is required");
    assertThat(refusal(api, "{\"instrument\":\"settlement_marker\"," + rule + ",\"by\":\"j\"}"))
        .contains("reason is required");
    assertThat(refusal(api, "{\"instrument\":\"tiltmeter\"," + rule + "," + who + "}"))
        .contains("instrument must be an instrument type");
    assertThat(
            refusal(api, "{\"instrument\":\"settlement_marker\",\"within\":\"P1D\"," + who + "}"))
        .contains("change must be a finite number");
    assertThat(
            refusal(
                api,
                "{\"instrument\":\"settlement_marker\",\"change\":-1,\"within\":\"P1D\","
                    + who
                    + "}"))
        .contains("change must be a number > 0");
    assertThat(
            refusal(
                api,
                "{\"instrument\":\"settlement_marker\",\"change\":5,\"within\":\"1 day\","
                    + who
                    + "}"))
        .contains("within must be an ISO-8601 duration");
    assertThat(
            refusal(
                api,
                "{\"instrument\":\"settlement_marker\","
                    + rule
                    + ",\"clear_below\":6,"
                    + who
                    + "}"))
        .contains("clear_below must be > 0 and <= change");
    assertThat(
            refusal(
                api,
                "{\"instrument\":\"settlement_marker\",\"off\":true,\"change\":5," + who + "}"))
        .contains("change cannot go with \"off\":true");
    assertThat(
            refusal(
                api,
                "{\"instrument\":\"settlement_marker\","
                    + rule
                    + ",\"effective_from\":\""
                    + Instant.now().plusSeconds(60)
                    + "\","
                    + who
                    + "}"))
        .contains("effective_from")
        .contains("inside the grace");
    assertThat(
            refusal(
                api,
                "{\"instrument\":\"settlement_marker\","
                    + rule
                    + ",\"effective_from\":\"soon\","
                    + who
                    + "}"))
        .contains("effective_from must be an ISO-8601 instant");
    assertThat(
            refusal(
                api, "{\"instrument\":\"settlement_marker\"," + rule + ",\"mm\":1," + who + "}"))
        .contains("unknown field mm");
    assertThat(json(api.handle("GET", "/api/rate-triggers", Map.of(), null)).path("versions"))
        .isEmpty();
  }

  @Test
  void theDatabaseRefusesToChangeOrRemoveAVersionAndABadRuleFromAnyClient(SiteDatabase.Site site) {
    // Given
    new RateTriggerVersions(site.dataSource())
        .add(
            "settlement_marker",
            null,
            new RateTriggers.Rule(4.0, Duration.ofDays(1), 2.0),
            null,
            "j.smith",
            "tighter");

    // Then
    for (String sql :
        List.of(
            "UPDATE monitoring.rate_trigger_versions SET change = 50",
            "DELETE FROM monitoring.rate_trigger_versions",
            "TRUNCATE monitoring.rate_trigger_versions",
            "INSERT INTO monitoring.rate_trigger_versions (instrument, change, within, clear_below,"
                + " effective_from, changed_by, changed_at, reason) VALUES ('settlement_marker', 5,"
                + " NULL, 3, now() + interval '1 day', 'j', now(), 'half a rule')",
            "INSERT INTO monitoring.rate_trigger_versions (instrument, change, within, clear_below,"
                + " effective_from, changed_by, changed_at, reason) VALUES ('settlement_marker', 5,"
                + " interval '1 day', 0, now() + interval '1 day', 'j', now(), 'never clears')")) {
      assertThatThrownBy(() -> execute(site, sql)).as(sql).isInstanceOf(SQLException.class);
    }
    assertThatThrownBy(
            () ->
                execute(site, "UPDATE monitoring.rate_trigger_versions SET reason = 'typo fixed'"))
        .hasMessageContaining("monitoring.rate_trigger_versions is append-only: UPDATE refused");
    assertThat(site.count("SELECT count(*) FROM monitoring.rate_trigger_versions")).isEqualTo(1);
    assertThat(site.column("SELECT change FROM monitoring.rate_trigger_versions"))
        .containsExactly("4");
  }

  @Test
  void theRunningProcessorUsesTheVersionInForceAtEachNewestReadingsEventTime(SiteDatabase.Site site)
      throws Exception {
    // Given: the processor runs with the file's 5 mm in 24 h for settlement markers
    AlarmProcessor processor = processor(site);
    AlarmApi api = api(site);
    for (String sm : List.of("SM-1", "SM-2", "SM-3")) {
      site.writeReadings(List.of(reading("settlement_marker", sm, T.minus(hours(20)), 0.0)));
    }
    processor.runOnce();

    // When: while it runs, the type is tightened to 2 mm from T, SM-2 gets its own 10 mm, SM-3 is
    // switched off
    assertThat(post(api, typeVersion(2.0, "2099-01-01T00:00:00Z")).status()).isEqualTo(201);
    assertThat(
            post(
                    api,
                    "{\"instrument\":\"settlement_marker\",\"borehole_number\":\"SM-2\","
                        + "\"change\":10,\"within\":\"P1D\",\"effective_from\":\"2099-01-01T00:00:00Z\","
                        + "\"by\":\"j.smith\",\"reason\":\"SM-2 is on the slab, moves with it\"}")
                .status())
        .isEqualTo(201);
    assertThat(
            post(
                    api,
                    "{\"instrument\":\"settlement_marker\",\"borehole_number\":\"SM-3\",\"off\":true,"
                        + "\"effective_from\":\"2099-01-01T00:00:00Z\",\"by\":\"j.smith\","
                        + "\"reason\":\"SM-3 destroyed by the excavator\"}")
                .status())
        .isEqualTo(201);
    // 3 mm stamped before T: judged by the file's 5 mm, although the new versions are loaded
    site.writeReadings(List.of(reading("settlement_marker", "SM-1", T.minus(hours(1)), -3.0)));
    processor.runOnce();
    List<String> beforeT = rateAlarms(site);
    // 3.2 mm (SM-3: 30 mm) stamped after T: the versions in force at T judge them
    site.writeReadings(
        List.of(
            reading("settlement_marker", "SM-1", T.plus(hours(1)), -3.2),
            reading("settlement_marker", "SM-2", T.plus(hours(1)), -3.2),
            reading("settlement_marker", "SM-3", T.plus(hours(1)), -30.0)));
    processor.runOnce();
    List<String> afterT = rateAlarms(site);

    // Then
    assertThat(beforeT).isEmpty();
    assertThat(afterT).containsExactly("settlement_marker:SM-1 RAISED");
    assertThat(
            site.column(
                    "SELECT comment FROM monitoring.alarm_events WHERE event = 'RAISED'"
                        + " AND alarm_id IN (SELECT alarm_id FROM monitoring.alarms WHERE kind = 'RATE')")
                .get(0))
        .contains("moved -3.200")
        .contains("more than 2.0 in PT24H, rate version 1");
  }

  @Test
  void aVersionAddedLaterTakesOverFromItsEffectiveFromAndItsClearBelowClears(SiteDatabase.Site site)
      throws Exception {
    // Given: SM-1 raised by the file's 5 mm in 24 h
    AlarmProcessor processor = processor(site);
    AlarmApi api = api(site);
    site.writeReadings(
        List.of(
            reading("settlement_marker", "SM-1", T.minus(hours(20)), 0.0),
            reading("settlement_marker", "SM-1", T.minus(hours(2)), -6.0)));
    processor.runOnce();
    assertThat(rateAlarms(site)).containsExactly("settlement_marker:SM-1 RAISED");

    // When: a looser type rule from T (20 mm, cleared below 8 mm); 6.4 mm after T is between the
    // file's thresholds but under the new clear_below
    assertThat(
            post(
                    api,
                    "{\"instrument\":\"settlement_marker\",\"change\":20,\"within\":\"P1D\","
                        + "\"clear_below\":8,\"effective_from\":\"2099-01-01T00:00:00Z\","
                        + "\"by\":\"j.smith\",\"reason\":\"consolidation phase: slower trigger\"}")
                .status())
        .isEqualTo(201);
    site.writeReadings(List.of(reading("settlement_marker", "SM-1", T.plus(hours(1)), -6.4)));
    processor.runOnce();

    // Then
    assertThat(rateAlarms(site)).containsExactly("settlement_marker:SM-1 CLEARED");
    assertThat(site.column("SELECT comment FROM monitoring.alarm_events ORDER BY event_id"))
        .anySatisfy(
            c ->
                assertThat(c)
                    .contains("more than 5.0 in PT24H, alarms file)")
                    .startsWith("moved -6.000"))
        .anySatisfy(c -> assertThat(c).contains("back below 8.0 (rate version 1)"));
  }

  @Test
  void switchingAnInstrumentOffClearsTheRateAlarmItHad(SiteDatabase.Site site) throws Exception {
    // Given
    AlarmProcessor processor = processor(site);
    AlarmApi api = api(site);
    site.writeReadings(
        List.of(
            reading("settlement_marker", "SM-9", T.minus(hours(20)), 0.0),
            reading("settlement_marker", "SM-9", T.minus(hours(2)), -9.0)));
    processor.runOnce();

    // When
    assertThat(
            post(
                    api,
                    "{\"instrument\":\"settlement_marker\",\"borehole_number\":\"SM-9\",\"off\":true,"
                        + "\"effective_from\":\"2099-01-01T00:00:00Z\",\"by\":\"j.smith\","
                        + "\"reason\":\"prism knocked, being replaced\"}")
                .status())
        .isEqualTo(201);
    site.writeReadings(List.of(reading("settlement_marker", "SM-9", T.plus(hours(1)), -40.0)));
    processor.runOnce();

    // Then
    assertThat(rateAlarms(site)).containsExactly("settlement_marker:SM-9 CLEARED");
    assertThat(site.column("SELECT comment FROM monitoring.alarm_events WHERE event = 'CLEARED'"))
        .anySatisfy(c -> assertThat(c).contains("no rate trigger in force"));
  }

  private static String typeVersion(double change, String effectiveFrom) {
    return "{\"instrument\":\"settlement_marker\",\"change\":"
        + change
        + ",\"within\":\"P1D\",\"clear_below\":1,\"effective_from\":\""
        + effectiveFrom
        + "\",\"by\":\"j.smith\",\"reason\":\"tighter after the first month\"}";
  }

  private static Duration hours(long h) {
    return Duration.ofHours(h);
  }

  private static List<String> rateAlarms(SiteDatabase.Site site) {
    return site.column(
        "SELECT series_key || ' ' || state FROM monitoring.alarms WHERE kind = 'RATE'"
            + " ORDER BY series_key");
  }

  private static void execute(SiteDatabase.Site site, String sql) throws SQLException {
    try (Connection c = site.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static AlarmApi.Answer post(AlarmApi api, String json) {
    return api.handle(
        "POST", "/api/rate-triggers", Map.of(), json.getBytes(StandardCharsets.UTF_8));
  }

  private static String refusal(AlarmApi api, String json) throws Exception {
    AlarmApi.Answer answer = post(api, json);
    assertThat(answer.status()).as(json).isEqualTo(400);
    return json(answer).path("error").asText();
  }

  private static JsonNode json(AlarmApi.Answer answer) throws Exception {
    return Json.MAPPER.readTree(answer.body());
  }
}
