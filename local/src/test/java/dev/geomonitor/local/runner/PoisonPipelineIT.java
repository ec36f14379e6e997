package dev.geomonitor.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * The whole stack (real broker, Spark job local[2], PostgreSQL, search sink, OpenSearch) fed by a
 * producer polling a local HTTP server that serves 50 kinds of hostile items and bodies ({@link
 * HostileApi}) mixed with good readings. Afterwards every good reading is in PostgreSQL and
 * OpenSearch exactly once, every poison is dead-lettered with a reason, and a good reading served
 * after all the poison arrived: no stage stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonPipelineIT {
  static final PipelineVersion V1 = PipelineVersion.parse("v1");

  HostileApi api;
  LocalStack stack;
  Reconciliation reconciliation;

  @BeforeAll
  void startStackAgainstTheHostileApi() {
    api = new HostileApi();
    Path dataDir = Paths.get("target", "poison-" + UUID.randomUUID()).toAbsolutePath();
    RunnerMain main = new RunnerMain();
    new CommandLine(main)
        .parseArgs(
            "--api-url",
            api.base().toString(),
            "--endpoints",
            HostileApi.PATH,
            "--poll-interval",
            "PT0.5S",
            "--port",
            "0",
            "--simulator-port",
            "0",
            "--data-dir",
            dataDir.toString(),
            "--fresh");
    stack =
        new LocalStack(
            main.options.settings(V1),
            Topics.DEFAULT,
            line -> System.out.println("[stack] " + line));
    stack.startAll();
    reconciliation = new Reconciliation(stack);
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void everyGoodReadingArrivesOnceAndEveryPoisonIsDeadLetteredWithAReason() throws Exception {
    assertThat(api.poisons()).as("kinds of poison served").hasSizeGreaterThanOrEqualTo(40);

    // When the producer has served the whole script and the reading served after it is in both
    // stores
    String afterId = readingId(HostileApi.AFTER);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                api.scriptDone()
                    && reconciliation.count(
                            "SELECT count(*) FROM monitoring.readings WHERE reading_id = '"
                                + afterId
                                + "'")
                        == 1
                    && reconciliation.openSearchIds("readings").contains(afterId));
    stack.stopProducer();
    Set<String> expectedIds =
        api.goodBoreholes().stream().map(this::readingId).collect(Collectors.toSet());
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              List<JsonNode> letters = deadLetters();
              assertThat(missingPoisons(letters)).as("poisons without a dead letter").isEmpty();
              assertThat(letters)
                  .as("dead letters holding a good reading")
                  .noneMatch(l -> searchable(l).contains("GOOD-"));
              assertThat(reconciliation.ids("SELECT reading_id FROM monitoring.readings"))
                  .as("readings in PostgreSQL")
                  .containsAll(expectedIds);
              assertThat(reconciliation.openSearchIds("readings"))
                  .as("readings in OpenSearch")
                  .containsAll(expectedIds);
            });

    // Then PostgreSQL holds exactly the good readings, once each, and OpenSearch the same ones
    assertThat(reconciliation.ids("SELECT reading_id FROM monitoring.readings"))
        .isEqualTo(expectedIds);
    assertThat(reconciliation.count("SELECT count(*) FROM monitoring.readings"))
        .isEqualTo(expectedIds.size());
    assertThat(reconciliation.openSearchIds("readings")).isEqualTo(expectedIds);
    // ... every kind of poison has a dead letter with a reason code, and no good reading was
    // dead-lettered
    List<JsonNode> letters = deadLetters();
    assertThat(missingPoisons(letters)).as("poisons without a dead letter").isEmpty();
    assertThat(letters)
        .allSatisfy(l -> assertThat(l.path("reasons").get(0).path("code").asText()).isNotBlank());
    assertThat(letters).noneMatch(l -> searchable(l).contains("GOOD-"));
    assertThat(letters)
        .as("OpenSearch refused nothing the validator let through")
        .noneMatch(l -> l.path("stage").asText().equals("search-sink"));
    // ... and the job's accounting holds: every raw record is accepted, rejected or a duplicate,
    // and the aggregates
    // and alerts agree with the stored readings
    Map<String, Long> ledger =
        reconciliation.row(
            "SELECT coalesce(sum(rows_in),0) AS rows_in,"
                + " coalesce(sum(accepted),0) AS accepted, coalesce(sum(rejected),0) AS rejected,"
                + " coalesce(sum(duplicates),0) AS duplicates FROM monitoring.batch_ledger WHERE query_name LIKE 'readings-%'");
    assertThat(ledger.get("accepted") + ledger.get("rejected") + ledger.get("duplicates"))
        .isEqualTo(ledger.get("rows_in"));
    assertThat(ledger.get("accepted")).isEqualTo(expectedIds.size());
    // (the reading served after the poison was served on every later poll, as by a producer invoked
    // again for the
    // same window: its copies are duplicates, and it is stored and indexed once)
    assertThat(ledger.get("duplicates")).as("re-served copies absorbed").isPositive();
    assertThat(reconciliation.count("SELECT count(*) FROM monitoring.rejections"))
        .isEqualTo(ledger.get("rejected"));
    reconciliation.checkAlerts();
  }

  private String readingId(String borehole) {
    return NaturalKeys.readingId("water_standpipe", borehole, api.timestamp());
  }

  private List<JsonNode> deadLetters() throws Exception {
    List<JsonNode> all = new ArrayList<>();
    reconciliation.deadLettersByStage().values().forEach(all::addAll);
    return all;
  }

  private List<String> missingPoisons(List<JsonNode> letters) {
    List<String> texts = letters.stream().map(PoisonPipelineIT::searchable).toList();
    return api.poisons().stream()
        .filter(p -> texts.stream().noneMatch(t -> t.contains(p.marker())))
        .map(p -> p.marker() + " (" + p.description() + ")")
        .toList();
  }

  /**
   * What a dead letter says about its record: its value (bytes decoded when kept as base64) and
   * source, NULs dropped.
   */
  private static String searchable(JsonNode letter) {
    StringBuilder text = new StringBuilder(letter.path("value").asText(""));
    if (letter.hasNonNull("value_base64")) {
      text.append(
          new String(
              Base64.getDecoder().decode(letter.get("value_base64").asText()),
              StandardCharsets.UTF_8));
    }
    text.append(' ').append(letter.path("source").asText(""));
    return text.toString().replace("\u0000", "");
  }
}
