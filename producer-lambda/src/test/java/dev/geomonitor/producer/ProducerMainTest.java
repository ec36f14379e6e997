package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProducerMainTest {

  @Test
  void optionsBecomeTheSettingsTheyOverride() {
    ProducerMain main = new ProducerMain();
    new CommandLine(main)
        .parseArgs(
            "--api-base-url", "http://127.0.0.1:8080",
            "--endpoints", "/params/water_standpipe/",
            "--bootstrap-servers", "127.0.0.1:9092",
            "--interval", "PT2S",
            "--polls", "5");

    assertThat(main.overrides())
        .containsEntry("API_BASE_URL", "http://127.0.0.1:8080")
        .containsEntry("API_ENDPOINTS", "/params/water_standpipe/")
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
        .containsEntry("POLL_INTERVAL", "PT2S")
        .hasSize(4);
    assertThat(main.polls).isEqualTo(5);
  }

  @Test
  void absentOptionsLeaveTheEnvironmentAlone() {
    ProducerMain main = new ProducerMain();
    new CommandLine(main).parseArgs();

    assertThat(main.overrides()).isEmpty();
    assertThat(main.partitions).isEqualTo(3);
  }

  @Test
  void anUnknownOptionIsAUsageErrorNotARun() {
    int exit = new CommandLine(new ProducerMain()).execute("--pols", "3");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
  }
}
