package dev.geomonitor.local.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * local/docker-compose.yml checked offline: the compose-spec schema and the project's own rules.
 */
class ComposeFileTest {

  private static final ObjectMapper YAML = new YAMLMapper();
  private static Path repoRoot;
  private static Path composeFile;
  private static JsonNode compose;
  private static JsonSchema composeSpec;
  private static ComposeChecks checks;

  @BeforeAll
  static void load() throws IOException {
    repoRoot = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    composeFile = repoRoot.resolve("local/docker-compose.yml");
    compose = YAML.readTree(composeFile.toFile());
    checks = new ComposeChecks(composeFile.getParent(), repoRoot);
    composeSpec = loadComposeSpec();
  }

  @Test
  void composeFileConformsToTheComposeSpecSchema() {
    Set<ValidationMessage> errors = composeSpec.validate(compose);
    assertThat(errors).as("compose-spec violations in %s", composeFile).isEmpty();
  }

  @Test
  void schemaRejectsAMisspelledServiceKeyAndAnUnknownDependsOnCondition() {
    // Given the file with two mistakes the schema knows about
    ObjectNode broken = compose.deepCopy();
    ((ObjectNode) broken.at("/services/producer")).put("enviroment", "KAFKA=x");
    ((ObjectNode) broken.at("/services/producer/depends_on/simulator"))
        .put("condition", "service_ready");

    // When / Then
    assertThat(composeSpec.validate(broken))
        .extracting(ValidationMessage::getMessage)
        .anySatisfy(m -> assertThat(m).contains("enviroment"))
        .anySatisfy(m -> assertThat(m).contains("condition"));
  }

  @Test
  void everyServiceThePipelineNeedsIsDefined() {
    assertThat(checks.missingServices(compose)).isEmpty();
    ObjectNode withoutSink = compose.deepCopy();
    ((ObjectNode) withoutSink.get("services")).remove("search-sink");
    assertThat(checks.missingServices(withoutSink))
        .containsExactly("service 'search-sink' is missing: the pipeline needs it");
  }

  @Test
  void everyImageIsPinnedToAVersion() {
    assertThat(checks.unpinnedImages(compose)).isEmpty();
    ObjectNode loose = compose.deepCopy();
    ((ObjectNode) loose.at("/services/postgres")).put("image", "postgres");
    ((ObjectNode) loose.at("/services/opensearch"))
        .put("image", "opensearchproject/opensearch:latest");
    assertThat(checks.unpinnedImages(loose))
        .hasSize(2)
        .allSatisfy(p -> assertThat(p).contains("pin an exact version tag"));
  }

  @Test
  void noTwoServicesPublishTheSameHostPort() {
    assertThat(checks.hostPortCollisions(compose)).isEmpty();
    ObjectNode clash = compose.deepCopy();
    ((ArrayNode) clash.at("/services/spark-job/ports")).add("127.0.0.1:8080:4041");
    assertThat(checks.hostPortCollisions(clash))
        .containsExactly("host port 8080 is published by both 'simulator' and 'spark-job'");
  }

  @Test
  void dependenciesExistAndHealthWaitsHaveHealthchecks() {
    assertThat(checks.brokenDependencies(compose)).isEmpty();
    ObjectNode broken = compose.deepCopy();
    ((ObjectNode) broken.at("/services/producer/depends_on"))
        .putObject("schema-registry")
        .put("condition", "service_started");
    ((ObjectNode) broken.at("/services/simulator")).remove("healthcheck");
    assertThat(checks.brokenDependencies(broken))
        .containsExactlyInAnyOrder(
            "'producer' depends on 'schema-registry', which is not a service",
            "'producer' waits for 'simulator' to be healthy, but it has no healthcheck");
  }

  @Test
  void everyReferencedFileJarAndMainClassExistsInTheRepo() {
    assertThat(checks.missingLocalFiles(compose)).isEmpty();
    ObjectNode broken = compose.deepCopy();
    ((ArrayNode) broken.at("/services/logstash/volumes"))
        .add("./compose/logstash/missing.conf:/x.conf:ro");
    ((ObjectNode) broken.at("/services/search-sink/build/args"))
        .put("MAIN_CLASS", "dev.geomonitor.searchsink.Nope");
    ((ObjectNode) broken.at("/services/producer/build/args"))
        .put("JAR", "producer-lambda/target/producer-lambda-1.0.0-SNAPSHOT-fat.jar");
    assertThat(checks.missingLocalFiles(broken))
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).contains("missing.conf").contains("does not exist"))
        .anySatisfy(p -> assertThat(p).contains("dev.geomonitor.searchsink.Nope"))
        .anySatisfy(p -> assertThat(p).contains("classifier fat"));
  }

  @Test
  void rawTopicIsCreatedWithUnlimitedRetention() throws IOException {
    String script =
        Files.readString(composeFile.getParent().resolve("compose/kafka/create-topics.sh"));
    assertThat(script).contains("create \"${TOPIC_RAW:-monitoring.raw}\" -1");
  }

  @Test
  void dockerCompose1AcceptsTheFileWhenInstalled() throws Exception {
    Path dockerCompose = Path.of("/usr/bin/docker-compose");
    if (!Files.isExecutable(dockerCompose)) {
      // Optional second opinion: the schema test above is the required one.
      assertThat(compose.path("services").size()).isGreaterThan(0);
      return;
    }
    Process p =
        new ProcessBuilder(dockerCompose.toString(), "-f", composeFile.toString(), "config", "-q")
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("docker-compose config -q said: %s", output).isZero();
  }

  private static JsonSchema loadComposeSpec() throws IOException {
    String location = System.getProperty("compose.schema");
    if (location == null || !Files.isRegularFile(Path.of(location))) {
      fail(
          "the compose-spec schema is not at "
              + location
              + ": run this test through Maven (./mvnw -pl local"
              + " verify), whose build fetches it with npm (dclint) into local/target/npm");
    }
    ObjectNode schema = (ObjectNode) new ObjectMapper().readTree(Path.of(location).toFile());
    // Its "$schema" is draft-07 spelled without the trailing '#'; the factory is told the draft
    // explicitly instead.
    // Its "$id" is relative, so the schema is given the file's own URI as the base to resolve it
    // against.
    schema.remove("$schema");
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
        .getSchema(Path.of(location).toAbsolutePath().toUri(), schema);
  }
}
