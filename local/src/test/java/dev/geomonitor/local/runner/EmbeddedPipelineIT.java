package dev.geomonitor.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.RawReading;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.local.page.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole embedded pipeline with real components: a seeded simulator with faults (5xx, slow,
 * malformed, duplicate, late, buffered, corrected, future items, truncated bodies) polled for a
 * bounded time, then drained and reconciled end to end; the live page rendered in headless
 * Chromium; the Spark job stopped mid-stream and resumed from its checkpoint; and a 15-day-old
 * reading accepted end to end while one before the site epoch is rejected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedPipelineIT {
  static final PipelineVersion V1 = PipelineVersion.parse("v1");
  static final Duration POLLING = Duration.ofSeconds(30);

  Path dataDir;
  LocalStack stack;
  Reconciliation reconciliation;
  Reconciliation.Figures firstRun;

  @BeforeAll
  void startStack() {
    dataDir = Paths.get("target", "e2e-" + UUID.randomUUID()).toAbsolutePath();
    LocalSettings settings =
        new LocalSettings(
            dataDir,
            true,
            7,
            4,
            "v1",
            20.0,
            true,
            Duration.ofSeconds(1),
            0,
            0,
            V1,
            100_000,
            null,
            Duration.ofSeconds(5));
    stack = new LocalStack(settings, Topics.DEFAULT, line -> System.out.println("[stack] " + line));
    stack.startAll();
    reconciliation = new Reconciliation(stack);
  }

  @AfterAll
  void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void everyServedItemIsAcceptedOnceOrDeadLetteredWithAReason() throws Exception {
    awaitPolling(POLLING);
    // Corrections and late items are rare draws (0.5 % of clean items): keep polling until the
    // simulator has served some of each, so the reconciliation below covers them on any machine.
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              var served = stack.simulator().stats();
              return served.correctedItems() > 0 && served.lateItems() + served.veryLateItems() > 0;
            });

    stack.stopProducer();
    drain();

    firstRun = reconciliation.checkAll();
    assertThat(firstRun.rejected()).as("the faults produced rejections").isPositive();
    assertThat(firstRun.duplicates())
        .as("repeated polls and duplicate items were absorbed")
        .isPositive();
    assertThat(firstRun.alerts()).as("the drawdown crossed trigger levels").isPositive();
    var injected = stack.simulator().stats();
    assertThat(injected.lateItems() + injected.veryLateItems())
        .as("late and buffered readings were served")
        .isPositive();
    assertThat(injected.correctedItems()).as("corrected re-issues were served").isPositive();
  }

  @Test
  @Order(2)
  void livePageShowsTheInstrumentsAndAnInjectedExceedance() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.locate(dataDir);
    String borehole = injectExceedance();

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                reconciliation.count(
                            "SELECT count(*) FROM monitoring.alerts WHERE borehole_number = '"
                                + borehole
                                + "'")
                        > 0
                    && stack.health().sinkLag() == 0);
    String dom = chromium.dumpDom(stack.page().url(), Duration.ofSeconds(8));

    assertThat(attribute(dom, "body", "data-state")).isEqualTo("ready");
    long instruments =
        reconciliation.count(
            "SELECT count(DISTINCT (instrument, borehole_number)) FROM monitoring.readings");
    assertThat(attribute(dom, "article", "data-instrument-count"))
        .isEqualTo(Long.toString(instruments));
    assertThat(dom).contains(borehole);
    assertThat(dom).containsPattern("data-alert-status=\"(ALERT|ALARM|ACTION)\"");
    chromium.screenshot(
        stack.page().url(),
        Paths.get("target", "live-page-e2e.png"),
        1400,
        1000,
        Duration.ofSeconds(8));
    assertThat(Files.size(Paths.get("target", "live-page-e2e.png"))).isGreaterThan(10_000);
  }

  @Test
  @Order(3)
  void jobStoppedMidStreamResumesFromItsCheckpointWithoutLossOrDuplicates() throws Exception {
    stack.startProducer();
    awaitPolling(Duration.ofSeconds(8));
    stack.stopJob(V1);
    awaitPolling(Duration.ofSeconds(5));
    stack.startJob(V1);
    awaitPolling(Duration.ofSeconds(5));

    stack.stopProducer();
    drain();

    Reconciliation.Figures after = reconciliation.checkAll();
    assertThat(after.raw()).as("the second run added records").isGreaterThan(firstRun.raw());
  }

  @Test
  @Order(4)
  void aFifteenDayOldReadingIsAcceptedEndToEndAndOneBeforeTheSiteEpochIsRejected()
      throws Exception {
    // Given the latest manual dip of a new standpipe, taken 15 days ago, and a typo stamped before
    // the site epoch
    Instant now = Instant.now();
    Instant fifteenDaysAgo =
        now.minus(Duration.ofDays(15)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    String old = "BH-DIP-15D";
    sendRaw("water_standpipe:" + old, standpipeItem(old, 70.25, fifteenDaysAgo), now);
    sendRaw(
        "water_standpipe:BH-TYPO",
        standpipeItem("BH-TYPO", 70.25, Instant.parse("1999-12-31T00:00:00Z")),
        now);
    reconciliation.countInjected(2, 1);

    // When the pipeline drains
    drain();

    // Then the old reading is in PostgreSQL, in OpenSearch and on the live page; the typo is a
    // rejection saying why
    assertThat(
            reconciliation.count(
                "SELECT count(*) FROM monitoring.readings WHERE borehole_number = '"
                    + old
                    + "' AND ts = '"
                    + fifteenDaysAgo
                    + "'"))
        .isEqualTo(1);
    assertThat(reconciliation.openSearchIds("readings"))
        .contains(
            dev.geomonitor.domain.NaturalKeys.readingId("water_standpipe", old, fifteenDaysAgo));
    assertThat(
            reconciliation.count(
                "SELECT count(*) FROM monitoring.rejections WHERE key = 'water_standpipe:BH-TYPO'"
                    + " AND 'BEFORE_SITE_EPOCH' = ANY(codes) AND reasons::text LIKE '%SITE_EPOCH%'"))
        .isEqualTo(1);
    String dom =
        HeadlessChromium.locate(dataDir)
            .dumpDom(
                stack.page().url().resolve("/?select=water_standpipe:" + old),
                Duration.ofSeconds(8));
    assertThat(attribute(dom, "canvas", "data-borehole")).isEqualTo(old);
    reconciliation.checkAll();
  }

  private static String standpipeItem(String borehole, double level, Instant ts) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"borehole_number\":\"%s\",\"instrument\":\"water_standpipe\",\"surface_level\":80.0,"
            + "\"northing\":5812000,\"easting\":320000,\"water_level\":%.3f,\"timestamp\":\"%s\"}",
        borehole,
        level,
        ts);
  }

  private void sendRaw(String key, String item, Instant fetchedAt) throws Exception {
    RawReading raw =
        new RawReading(
            "v1", "/params/water_standpipe/", "AHD (m)", "UTC", fetchedAt, "injected", item);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      producer.send(new ProducerRecord<>(stack.topics().raw(), key, raw.toJson())).get();
    }
  }

  /**
   * One reading far below its standpipe's baseline (a sudden drawdown), written to the raw topic as
   * the producer would.
   */
  private String injectExceedance() throws Exception {
    String borehole;
    double baseline;
    try (var c = stack.store().dataSource().getConnection();
        var s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT borehole_number, baseline, northing, easting, surface_level FROM monitoring.readings"
                    + " WHERE instrument = 'water_standpipe' AND trigger_status = 'NORMAL' AND baseline IS NOT NULL"
                    + " ORDER BY ts DESC LIMIT 1")) {
      assertThat(rs.next()).as("a standpipe at NORMAL to push over its levels").isTrue();
      borehole = rs.getString(1);
      baseline = rs.getDouble(2);
      Instant now = Instant.now();
      String item =
          String.format(
              java.util.Locale.ROOT,
              "{\"borehole_number\":\"%s\",\"instrument\":\"water_standpipe\",\"surface_level\":%s,"
                  + "\"northing\":%s,\"easting\":%s,\"water_level\":%.3f,\"timestamp\":\"%s\"}",
              borehole,
              rs.getDouble(5),
              rs.getDouble(3),
              rs.getDouble(4),
              baseline - 2.5,
              now);
      RawReading raw =
          new RawReading("v1", "/params/all/", "AHD (m)", "UTC", now, "injected", item);
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
        producer
            .send(
                new ProducerRecord<>(
                    stack.topics().raw(), "water_standpipe:" + borehole, raw.toJson()))
            .get();
      }
      reconciliation.countInjected(1);
    }
    return borehole;
  }

  @Test
  @Order(5)
  void everySeriesThatCrossedALevelHasExactlyOneAlarmAndAnEngineerCanAcknowledgeIt()
      throws Exception {
    // Given everything the runs above produced has reached PostgreSQL
    drain();
    long alerts = reconciliation.count("SELECT count(*) FROM monitoring.alerts");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                reconciliation.count("SELECT count(*) FROM monitoring.alarm_processed_alerts")
                    == alerts);

    // Then: one LEVEL alarm per series that left NORMAL, however the alerts were batched, restarted
    // and replayed
    long crossedSeries =
        reconciliation.count(
            "SELECT count(DISTINCT regexp_replace(alert_id,"
                + " ':[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z:[A-Z]+$', '')) FROM monitoring.alerts WHERE status <> 'NORMAL'");
    assertThat(crossedSeries).isPositive();
    assertThat(reconciliation.count("SELECT count(*) FROM monitoring.alarms WHERE kind = 'LEVEL'"))
        .isEqualTo(crossedSeries);
    assertThat(
            reconciliation.count(
                "SELECT count(*) FROM monitoring.alarms a WHERE NOT EXISTS"
                    + " (SELECT 1 FROM monitoring.alarm_events e WHERE e.alarm_id = a.alarm_id AND e.event = 'RAISED')"))
        .as("every alarm's audit trail starts with its raise")
        .isZero();

    // When an engineer acknowledges one through the page's API
    long id =
        reconciliation.count(
            "SELECT min(alarm_id) FROM monitoring.alarms WHERE acknowledged_at IS NULL");
    java.net.http.HttpResponse<String> ack =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        stack.page().url().resolve("/api/alarms/" + id + "/acknowledge"))
                    .header("Content-Type", "application/json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"by\":\"j.smith\",\"comment\":\"e2e\"}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

    // Then it is recorded with who and when
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(
            reconciliation.count(
                "SELECT count(*) FROM monitoring.alarm_events WHERE alarm_id = "
                    + id
                    + " AND event = 'ACKNOWLEDGED' AND actor = 'j.smith'"))
        .isEqualTo(1);
    // ... and the runner's alarm processor indexes every alarm, the acknowledged one included,
    // into the node's alarms alias (the Dashboards alarms dashboard's data)
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(
                      reconciliation.count(
                          "SELECT count(*) FROM monitoring.alarms"
                              + " WHERE indexed_revision < revision"))
                  .as("alarms still to index")
                  .isZero();
              assertThat(reconciliation.openSearchIds("alarms"))
                  .isEqualTo(reconciliation.ids("SELECT alarm_id FROM monitoring.alarms"));
            });
  }

  private void awaitPolling(Duration time) {
    long polls = stack.producerLoop().totals().polls();
    long wanted =
        polls + Math.max(1, time.toSeconds() / stack.settings().pollInterval().toSeconds());
    await()
        .atMost(time.multipliedBy(4))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                stack.producerLoop().totals().polls() + stack.producerLoop().totals().failedPolls()
                    >= wanted);
  }

  private void drain() throws Exception {
    stack.job().awaitCaughtUp();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> stack.health().sinkLag() == 0);
  }

  private static String attribute(String dom, String elementStart, String name) {
    Matcher m =
        Pattern.compile("<" + Pattern.quote(elementStart) + "[^>]*?\\s" + name + "=\"([^\"]*)\"")
            .matcher(dom);
    assertThat(m.find()).as("<%s ... %s=...> in the rendered page", elementStart, name).isTrue();
    return m.group(1);
  }
}
