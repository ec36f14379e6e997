package dev.geomonitor.infra;

import static dev.geomonitor.infra.TemplateQueries.actions;
import static dev.geomonitor.infra.TemplateQueries.properties;
import static dev.geomonitor.infra.TemplateQueries.resources;
import static dev.geomonitor.infra.TemplateQueries.resourcesOf;
import static dev.geomonitor.infra.TemplateQueries.statementsOfRole;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * Least privilege in PostgreSQL: the master user runs the migrations only; the job writes as its
 * own user and people read as the reporting user, each with a generated secret and multi-user
 * rotation. One fact per test.
 */
class DatabaseUsersTemplateTest {
  private static Template dev;
  private static Template prod;

  @BeforeAll
  static void synthesize() {
    dev = SynthesizedStacks.of("dev").template();
    prod = SynthesizedStacks.of("prod").template();
  }

  /** Logical id of the generated secret whose template names {@code username}. */
  private static String secretOf(Template template, String username) {
    var matches =
        resources(template, "AWS::SecretsManager::Secret").entrySet().stream()
            .filter(
                e ->
                    String.valueOf(properties(e.getValue()).get("GenerateSecretString"))
                        .contains("\"username\":\"" + username + "\""))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(matches).as("secrets of user " + username).hasSize(1);
    return matches.get(0);
  }

  /** Logical id of the attachment (secret + host/port) of a secret: what consumers are given. */
  @SuppressWarnings("unchecked")
  private static String attachmentOf(Template template, String secretId) {
    var matches =
        resources(template, "AWS::SecretsManager::SecretTargetAttachment").entrySet().stream()
            .filter(
                e ->
                    secretId.equals(
                        ((Map<String, Object>) properties(e.getValue()).get("SecretId"))
                            .get("Ref")))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(matches).hasSize(1);
    return matches.get(0);
  }

  private static Map<String, Object> migration(Template template) {
    var resources = resources(template, "Custom::GeomonitorSchemaMigration");
    assertThat(resources).hasSize(1);
    return properties(resources.values().iterator().next());
  }

  private static String migrationId(Template template) {
    return resources(template, "Custom::GeomonitorSchemaMigration").keySet().iterator().next();
  }

  /**
   * The SAR rotation applications whose application id (a template mapping) is AWS's PostgreSQL
   * multi-user one.
   */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> multiUserRotations(Template template) {
    Map<String, Object> mappings =
        (Map<String, Object>) (Map<String, ?>) template.findMappings("*");
    return resources(template, "AWS::Serverless::Application").values().stream()
        .filter(
            r -> {
              var location = (Map<String, Object>) properties(r).get("Location");
              var findInMap =
                  (List<Object>)
                      ((Map<String, Object>) location.get("ApplicationId")).get("Fn::FindInMap");
              return String.valueOf(mappings.get((String) findInMap.get(0)))
                  .contains("SecretsManagerRDSPostgreSQLRotationMultiUser");
            })
        .toList();
  }

  @Test
  void theJobAndTheReportingUserHaveTheirOwnGeneratedSecretsNamingTheMasterForRotation() {
    for (String user : List.of(PostgresDatabase.JOB_USER, PostgresDatabase.READER_USER)) {
      var generate =
          String.valueOf(
              properties(resources(dev, "AWS::SecretsManager::Secret").get(secretOf(dev, user)))
                  .get("GenerateSecretString"));
      assertThat(generate).contains("\"masterarn\":").contains("GenerateStringKey=password");
    }
  }

  @Test
  void theMigrationResourceRunsAsTheMasterAndCreatesBothUsersFromTheirSecrets() {
    var properties = migration(dev);
    String master = secretOf(dev, "geomonitor_admin");

    assertThat(properties.get("DbSecretArn")).isEqualTo(Map.of("Ref", attachmentOf(dev, master)));
    assertThat(properties.get("WriterSecretArn"))
        .isEqualTo(Map.of("Ref", attachmentOf(dev, secretOf(dev, PostgresDatabase.JOB_USER))));
    assertThat(properties.get("ReaderSecretArn"))
        .isEqualTo(Map.of("Ref", attachmentOf(dev, secretOf(dev, PostgresDatabase.READER_USER))));
  }

  @Test
  void theJobIsGivenTheWriterSecretNotTheMasters() {
    String writer = attachmentOf(dev, secretOf(dev, PostgresDatabase.JOB_USER));
    String master = attachmentOf(dev, secretOf(dev, "geomonitor_admin"));
    String submit = String.valueOf(JobTemplateTest.jobRun(dev).get("SparkSubmitParameters"));

    assertThat(submit)
        .contains("driverEnv.DB_SECRET_ARN=, {Ref=" + writer + "}")
        .doesNotContain(master);
  }

  @Test
  void theJobRoleMayReadTheWriterSecretOnlyAndNeverTheMasters() {
    String jobRole =
        resources(dev, "AWS::IAM::Role").entrySet().stream()
            .filter(
                e ->
                    String.valueOf(properties(e.getValue()).get("AssumeRolePolicyDocument"))
                        .contains("emr-serverless.amazonaws.com"))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    var secretResources =
        statementsOfRole(dev, jobRole).stream()
            .filter(s -> actions(s).contains("secretsmanager:GetSecretValue"))
            .flatMap(s -> resourcesOf(s).stream())
            .toList();

    assertThat(secretResources)
        .containsExactly(
            Map.of("Ref", attachmentOf(dev, secretOf(dev, PostgresDatabase.JOB_USER))));
  }

  @Test
  void everyApplicationUserRotatesWithMultiUserRotationOnTheConfiguredSchedule() {
    var multiUser = multiUserRotations(dev);
    var schedules =
        resources(dev, "AWS::SecretsManager::RotationSchedule").values().stream()
            .map(TemplateQueries::properties)
            .filter(p -> Boolean.FALSE.equals(p.get("RotateImmediatelyOnUpdate")))
            .toList();

    // the job's, the reader's and the alarm functions' users
    assertThat(multiUser).hasSize(3);
    assertThat(schedules)
        .hasSize(3)
        .allSatisfy(
            p ->
                assertThat(p.get("RotationRules"))
                    .isEqualTo(Map.of("ScheduleExpression", "rate(30 days)")));
  }

  @Test
  void noUserRotationStartsBeforeTheMigrationResourceCreatedTheUsers() {
    String migration = migrationId(dev);
    var multiUser = multiUserRotations(dev);

    assertThat(multiUser)
        .hasSize(3)
        .allSatisfy(r -> assertThat(String.valueOf(r.get("DependsOn"))).contains(migration));
  }

  @Test
  void prodKeepsTheApplicationUsersSecretsWithTheDatabase() {
    for (String user : List.of(PostgresDatabase.JOB_USER, PostgresDatabase.READER_USER)) {
      var secret = resources(prod, "AWS::SecretsManager::Secret").get(secretOf(prod, user));
      assertThat(secret.get("DeletionPolicy")).as(user).isEqualTo("Retain");
    }
  }

  @Test
  void theReportingSecretIsAStackOutputForPeople() {
    var outputs = dev.findOutputs("DbReaderSecretArn");

    assertThat(outputs).hasSize(1);
    assertThat(String.valueOf(outputs.values().iterator().next()))
        .contains(attachmentOf(dev, secretOf(dev, PostgresDatabase.READER_USER)));
  }
}
