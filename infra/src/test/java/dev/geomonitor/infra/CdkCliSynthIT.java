package dev.geomonitor.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real CDK CLI (aws-cdk from package-lock.json, installed by the build's npm ci) runs
 * cdk.json's app offline: the same path as `npx cdk synth -c env=dev` from a fresh clone.
 */
class CdkCliSynthIT {
  private static final Path OUT = Path.of("target", "cdk-cli-out");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void cdkSynthWritesTheStackTemplateOffline(String env) throws IOException, InterruptedException {
    // Given the CLI from node_modules and placeholder artifacts
    List<String> command =
        new ArrayList<>(List.of("npx", "--no-install", "cdk", "synth", "-c", "env=" + env));
    SynthesizedStacks.placeholderArtifacts()
        .forEach((key, path) -> command.addAll(List.of("-c", key + "=" + path)));
    if (env.equals("prod")) {
      // prod never deploys the simulator: it must be told which source API to poll
      command.addAll(List.of("-c", "api.externalUrl=" + SynthesizedStacks.EXAMPLE_API));
    }
    command.addAll(List.of("-o", OUT.toString(), "-q"));
    Path log = Files.createDirectories(Path.of("target")).resolve("cdk-cli-synth-" + env + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
    // No credentials, no lookups: synth must not need AWS.
    builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");

    // When it runs
    Process process = builder.start();
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }

    // Then it succeeds and the template holds the pipeline
    assertThat(finished).as("cdk synth finished within 5 minutes; see " + log).isTrue();
    assertThat(process.exitValue())
        .as("cdk synth exit code; output in " + log + ":\n" + Files.readString(log))
        .isZero();
    // (dev ran MSK Serverless before the cheap dev configuration; both environments now run
    // provisioned brokers)
    String template = Files.readString(OUT.resolve("Geomonitor-" + env + ".template.json"));
    assertThat(template)
        .contains("AWS::MSK::Cluster")
        .contains("Custom::GeomonitorJobRun")
        .contains("AWS::EMRServerless::Application")
        .contains("Custom::GeomonitorTopics");
  }
}
