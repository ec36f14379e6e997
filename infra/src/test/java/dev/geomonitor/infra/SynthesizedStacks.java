package dev.geomonitor.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * One synthesis per environment per test JVM (jsii starts node once; the first stack costs
 * seconds). Code.fromAsset needs existing files, so the real jars are replaced by placeholder files
 * created under target/.
 */
final class SynthesizedStacks {
  static final Path PLACEHOLDERS = Path.of("target", "placeholder-artifacts");
  static final String TEST_ACCOUNT = "123456789012";

  /**
   * dev with MSK Serverless instead of its provisioned brokers (the other Kafka mode's claims are
   * tested on it).
   */
  static final String DEV_SERVERLESS = "dev-serverless";

  /** prod over three zones: OpenSearch across 3 AZs, brokers a multiple of 3. */
  static final String PROD_THREE_ZONES = "prod-3az";

  /** dev with recipients on the alarm topics (e-mail and SMS). */
  static final String DEV_ALARM_RECIPIENTS = "dev-alarm-recipients";

  /** dev keeping readings 30 days and dead letters 7 in OpenSearch (the retention function). */
  static final String DEV_SEARCH_RETENTION = "dev-search-retention";

  /** The source API a prod config must name (prod never deploys the simulator). */
  static final String EXAMPLE_API = "https://api.example.com/";

  private static final Map<String, Synthesized> CACHE = new ConcurrentHashMap<>();

  record Synthesized(PipelineStack stack, Template template, InfraConfig config) {}

  private SynthesizedStacks() {}

  static Synthesized of(String env) {
    return CACHE.computeIfAbsent(env, SynthesizedStacks::synthesize);
  }

  /** Context overrides pointing every artifact at a placeholder file (created if missing). */
  static Map<String, String> placeholderArtifacts() {
    Map<String, String> context = new LinkedHashMap<>();
    for (String knob :
        new String[] {
          "producerJar",
          "searchSinkJar",
          "simulatorJar",
          "sparkJobJar",
          "deployHandlersJar",
          "alarmsJar"
        }) {
      Path file = PLACEHOLDERS.resolve(knob + ".jar");
      try {
        Files.createDirectories(PLACEHOLDERS);
        if (!Files.exists(file)) {
          Files.writeString(
              file, "placeholder for " + knob + ": tests synthesize without the real jar\n");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create placeholder artifact " + file, e);
      }
      context.put("artifact." + knob, file.toString());
    }
    return context;
  }

  /** The stack of an environment without any acknowledgement, in its own app. */
  static PipelineStack bare(String env) {
    Map<String, Object> context = new LinkedHashMap<>(placeholderArtifacts());
    context.put("env", env);
    if (env.equals("prod")) {
      context.put("api.externalUrl", EXAMPLE_API);
    }
    InfraConfig config = InfraConfigReader.read(context, TEST_ACCOUNT);
    App app =
        App.Builder.create().outdir(Path.of("target", "cdk-test-bare-" + env).toString()).build();
    return new PipelineStack(app, config);
  }

  private static Synthesized synthesize(String env) {
    Map<String, Object> context = new LinkedHashMap<>(placeholderArtifacts());
    context.put("env", env);
    if (env.equals("prod")) {
      context.put("api.externalUrl", EXAMPLE_API);
    }
    if (env.equals(PROD_THREE_ZONES)) {
      context.put("env", "prod");
      context.put("api.externalUrl", EXAMPLE_API);
      context.put("availabilityZones", "ap-southeast-2a,ap-southeast-2b,ap-southeast-2c");
      context.put("allowReplacement", "true");
      context.put("kafka.brokerCount", "6");
      context.put("natGateways", "3");
      context.put("search.zoneCount", "3");
      context.put("search.dataNodes", "3");
      context.put("search.shards", "3");
      context.put("stackName", "Geomonitor-prod-3az");
    }
    if (env.equals(DEV_SERVERLESS)) {
      context.put("env", "dev");
      context.put("kafka.mode", "SERVERLESS");
      context.put("kafka.brokerCount", "0");
      context.put("kafka.replicationFactor", "3");
      context.put("allowReplacement", "true");
      context.put("stackName", "Geomonitor-dev-serverless");
    }
    if (env.equals(DEV_ALARM_RECIPIENTS)) {
      context.put("env", "dev");
      context.put("alarms.action.emails", "site.engineer@example.com,pm@example.com");
      context.put("alarms.action.sms", "+61412345678");
      context.put("alarms.instrument.emails", "instruments@example.com");
      context.put("stackName", "Geomonitor-dev-alarm-recipients");
      context.put("allowReplacement", "true");
    }
    if (env.equals(DEV_SEARCH_RETENTION)) {
      context.put("env", "dev");
      context.put("search.retention.readingsDays", "30");
      context.put("search.retention.deadLettersDays", "7");
      context.put("stackName", "Geomonitor-dev-search-retention");
      context.put("allowReplacement", "true");
    }
    InfraConfig config = InfraConfigReader.read(context, TEST_ACCOUNT);
    App app = App.Builder.create().outdir(Path.of("target", "cdk-test-" + env).toString()).build();
    PipelineStack stack = PipelineStack.create(app, config);
    return new Synthesized(stack, Template.fromStack(stack), config);
  }
}
