package dev.geomonitor.local.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.TriggerStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page rendered by a real headless Chromium against the server fed by a fixed stub site.
 */
class LivePageChromiumIT {

  private static final Duration SETTLE = Duration.ofSeconds(4);

  @TempDir Path work;
  private final StubSite site = new StubSite();
  private HeadlessChromium chromium;
  private LivePageServer server;

  @BeforeEach
  void startPage() {
    chromium = HeadlessChromium.locate(work);
    server = serverOver(site, site);
  }

  @AfterEach
  void stopPage() {
    server.stop();
  }

  @Test
  void mapPlotsEveryInstrumentAndTheChartShowsTheRequestedSeriesWithItsTriggerLines() {
    // Given a site of twelve instruments, BH-9037 drawn down into ALARM

    // When the page opens with BH-9037 selected
    String dom = chromium.dumpDom(server.url().resolve("/?select=water_standpipe:BH-9037"), SETTLE);

    // Then every instrument is on the map and the chart shows BH-9037's series with three lines
    // below its baseline
    assertThat(attribute(dom, "body", "data-state")).isEqualTo("ready");
    assertThat(attribute(dom, "article", "data-instrument-count"))
        .isEqualTo(String.valueOf(StubSite.INSTRUMENTS));
    assertThat(attribute(dom, "canvas id=\"series-chart\"", "data-instrument"))
        .isEqualTo("water_standpipe");
    assertThat(attribute(dom, "canvas id=\"series-chart\"", "data-borehole")).isEqualTo("BH-9037");
    assertThat(attribute(dom, "canvas id=\"series-chart\"", "data-points"))
        .isEqualTo(String.valueOf(StubSite.READINGS_PER_INSTRUMENT));
    assertThat(attribute(dom, "canvas id=\"series-chart\"", "data-trigger-lines")).isEqualTo("3");
    assertThat(dom).contains("BH-9037 · water standpipe");
  }

  @Test
  void alarmAlertAppearsInTheFeed() {
    // Given the site's newest status changes include BH-9037 entering ALARM
    int shown = site.latestAlerts(15).size();
    List<String> alarmIds =
        site.latestAlerts(15).stream()
            .filter(a -> a.status() == TriggerStatus.ALARM)
            .map(a -> a.alertId())
            .toList();
    assertThat(alarmIds).isNotEmpty();

    // When the page renders
    String dom = chromium.dumpDom(server.url(), SETTLE);

    // Then the feed lists the newest changes (at most fifteen), the ALARM among them
    assertThat(all(dom, "data-alert-status=\"([A-Z]+)\"")).hasSize(shown).contains("ALARM");
    assertThat(attribute(dom, "ol", "data-alert-count")).isEqualTo(String.valueOf(shown));
    assertThat(all(dom, "data-alert-id=\"([^\"]+)\"")).containsAll(alarmIds);
  }

  @Test
  void withoutASelectionTheWorstInstrumentIsCharted() {
    // Given SM-104 is the only instrument in ACTION
    assertThat(site.latestStatus("SM-104")).isEqualTo(TriggerStatus.ACTION);

    // When the page opens with nothing selected
    String dom = chromium.dumpDom(server.url(), SETTLE);

    // Then it charts SM-104, and the health and batch panels are filled
    assertThat(attribute(dom, "canvas id=\"series-chart\"", "data-borehole")).isEqualTo("SM-104");
    assertThat(attribute(dom, "article", "data-dlq")).isEqualTo("6");
    assertThat(all(dom, "<tr data-stage=\"([a-z]+)\""))
        .containsExactly("polled", "raw", "readings", "aggregates", "alerts", "dlq", "indexed");
    assertThat(attribute(dom, "table class=\"data\" id=\"daily-summary\"", "data-rows"))
        .isEqualTo("12");
  }

  @Test
  void aFailingBatchStoreShowsItsReasonWhileTheLivePanelsKeepWorking() {
    // Given a page whose PostgreSQL views cannot be read
    server.stop();
    BatchViews broken =
        new BatchViews() {
          @Override
          public List<DailySummary> dailySummary(int limit) {
            throw new PageDataException(
                "cannot read monitoring.daily_summary (connection refused)");
          }

          @Override
          public List<Exceedance> exceedanceHistory(int limit) {
            throw new PageDataException(
                "cannot read monitoring.exceedance_history (connection refused)");
          }
        };
    server = serverOver(site, broken);

    // When it renders
    String dom = chromium.dumpDom(server.url(), SETTLE);

    // Then the batch panel says why and the map still shows every instrument
    assertThat(attribute(dom, "body", "data-state")).isEqualTo("degraded");
    assertThat(dom)
        .contains("Unavailable: cannot read monitoring.daily_summary (connection refused)");
    assertThat(attribute(dom, "article", "data-instrument-count"))
        .isEqualTo(String.valueOf(StubSite.INSTRUMENTS));
  }

  @Test
  void screenshotOfTheRenderedPageIsSaved() throws IOException {
    // Given the page with BH-9037 selected
    Path png = Path.of("target", "live-page.png");
    Files.deleteIfExists(png);

    // When Chromium takes a full-page screenshot
    chromium.screenshot(
        server.url().resolve("/?select=water_standpipe:BH-9037"), png, 1440, 1560, SETTLE);

    // Then a real PNG of a rendered page was written (a blank page compresses to a few kB)
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    assertThat(bytes.length).isGreaterThan(60_000);
  }

  private static LivePageServer serverOver(StubSite live, BatchViews batch) {
    PageApi api = new PageApi(live, batch, live, () -> StubSite.LEVELS, Clock.systemUTC());
    return LivePageServer.start(new InetSocketAddress("127.0.0.1", 0), api);
  }

  /**
   * The value of {@code name} on the first element whose opening tag starts with {@code tagStart}.
   */
  private static String attribute(String dom, String tagStart, String name) {
    Matcher m =
        Pattern.compile(
                "<" + Pattern.quote(tagStart) + "[^>]*?\\s" + Pattern.quote(name) + "=\"([^\"]*)\"")
            .matcher(dom);
    assertThat(m.find()).as("<%s ... %s=...> in the rendered DOM", tagStart, name).isTrue();
    return m.group(1);
  }

  private static List<String> all(String dom, String regex) {
    return Pattern.compile(regex).matcher(dom).results().map(r -> r.group(1)).toList();
  }
}
