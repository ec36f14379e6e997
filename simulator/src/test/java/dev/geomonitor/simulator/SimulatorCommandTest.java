package dev.geomonitor.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulatorCommandTest {
  @Test
  void optionsBecomeTheConfig() {
    // Given command-line options
    SimulatorCommand command = new SimulatorCommand();
    new CommandLine(command)
        .parseArgs(
            "--seed",
            "5",
            "--instruments-per-type",
            "40",
            "--api-version",
            "v2",
            "--port",
            "0",
            "--bind",
            "0.0.0.0",
            "--scenario-start",
            "2026-11-24T20:00:00Z",
            "--sample-interval-ms",
            "2000",
            "--pace",
            "3",
            "--unavailable-rate",
            "0.1",
            "--retry-after",
            "4",
            "--malformed-rate",
            "0.05",
            "--malformed-kinds",
            "string_value,unknown_instrument",
            "--future-rate",
            "0.01");

    // When turned into a config
    SimulatorConfig c = command.toConfig();

    // Then every option is carried over
    assertThat(c.seed()).isEqualTo(5);
    assertThat(c.instrumentsPerType()).isEqualTo(40);
    assertThat(c.apiVersion()).isEqualTo("v2");
    assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(c.scenarioStart()).isEqualTo(Instant.parse("2026-11-24T20:00:00Z"));
    assertThat(c.sampleInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.pace()).isEqualTo(3.0);
    assertThat(c.faults().unavailableRate()).isEqualTo(0.1);
    assertThat(c.faults().retryAfterSeconds()).isEqualTo(4);
    assertThat(c.faults().malformedKinds())
        .containsExactly(MalformedKind.STRING_VALUE, MalformedKind.UNKNOWN_INSTRUMENT);
    assertThat(c.faults().futureRate()).isEqualTo(0.01);
  }

  @Test
  void defaultsServeV1WithoutFaultsOnPort8080() {
    // Given no options
    SimulatorCommand command = new SimulatorCommand();
    new CommandLine(command).parseArgs();

    // When turned into a config
    SimulatorConfig c = command.toConfig();

    // Then it is the documented default
    assertThat(c.apiVersion()).isEqualTo("v1");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.instrumentsPerType()).isEqualTo(100);
    assertThat(c.faults()).isEqualTo(Faults.none());
  }
}
