package dev.geomonitor.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * README.md documents the knobs, the cost per environment and the nag acknowledgements. The tables
 * are generated from the code (written to target/readme-tables.md) and must appear in the README
 * verbatim, so the README cannot drift.
 */
class ReadmeTablesTest {
  private static String readme;

  @BeforeAll
  static void generate() throws IOException {
    Files.createDirectories(Path.of("target"));
    Files.writeString(
        Path.of("target", "readme-tables.md"),
        knobTable() + "\n" + costTables() + "\n" + ackTable());
    readme = Files.readString(Path.of("README.md"));
  }

  @Test
  void readmeListsEveryKnobWithItsDevAndProdDefaults() {
    assertThat(readme).contains(knobTable());
  }

  @Test
  void readmeShowsTheCostComputedFromEachEnvironment() {
    assertThat(readme).contains(costTables());
  }

  @Test
  void readmeListsEveryNagAcknowledgementWithItsReason() {
    assertThat(readme).contains(ackTable());
  }

  static String knobTable() {
    Map<String, String> dev = InfraConfigReader.defaults("dev");
    Map<String, String> prod = InfraConfigReader.defaults("prod");
    StringBuilder table = new StringBuilder("| key (-c key=value) | dev | prod |\n|---|---|---|\n");
    dev.forEach(
        (key, value) ->
            table
                .append("| `")
                .append(key)
                .append("` | ")
                .append(cell(value))
                .append(" | ")
                .append(cell(prod.get(key)))
                .append(" |\n"));
    return table.toString();
  }

  static String costTables() {
    StringBuilder tables = new StringBuilder();
    for (String env : InfraConfigReader.ENVIRONMENTS) {
      InfraConfig config =
          InfraConfigReader.read(
              env.equals("prod")
                  ? Map.of("env", env, "api.externalUrl", SynthesizedStacks.EXAMPLE_API)
                  : Map.of("env", env),
              null);
      PriceList prices = PriceList.forRegion(config.region());
      tables
          .append("**")
          .append(env)
          .append("** (prices: ")
          .append(prices.region())
          .append(", ")
          .append(prices.asOf())
          .append(")\n\n")
          .append(CostEstimate.markdown(config, prices))
          .append('\n');
    }
    return tables.toString();
  }

  static String ackTable() {
    StringBuilder table =
        new StringBuilder(
            "| finding | where (construct path) | when | reason |\n|---|---|---|---|\n");
    var dev = SynthesizedStacks.of("dev");
    var prod = SynthesizedStacks.of("prod");
    for (var entry : NagAcknowledgements.entries(dev.stack())) {
      boolean inDev = entry.when().test(dev.config());
      boolean inProd = entry.when().test(prod.config());
      String when = inDev && inProd ? "always" : inDev ? "dev" : inProd ? "prod" : "other configs";
      table
          .append("| `")
          .append(entry.id().replace("|", "\\|"))
          .append("` | ")
          .append(
              entry.path().isEmpty() ? "whole stack" : "`" + entry.path().replace("|", "\\|") + "`")
          .append(" | ")
          .append(when)
          .append(" | ")
          .append(entry.reason())
          .append(" |\n");
    }
    return table.toString();
  }

  private static String cell(String value) {
    return value.isEmpty() ? "(empty)" : "`" + value + "`";
  }
}
