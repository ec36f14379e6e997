package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSecretTest {
  private static final String ARN =
      "arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:geomonitor-db-AbCdEf";
  private static final String RDS_SECRET =
      "{\"username\":\"geomonitor\",\"password\":\"s3cr3t\",\"engine\":\"postgres\","
          + "\"host\":\"db.example.internal\",\"port\":5432,\"dbname\":\"geomonitor\"}";

  private static JobConfig config(Map<String, String> extra) {
    Map<String, String> s =
        new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:9098", "CHECKPOINT_LOCATION", "/cp"));
    s.putAll(extra);
    return JobConfig.fromSettings(s);
  }

  @Test
  void secretCredentialsReplaceTheJobParametersAndKeepTheGivenUrl() {
    // Given a config naming a secret and a url, with stale parameters for user and password
    JobConfig given =
        config(
            Map.of(
                "DB_SECRET_ARN",
                ARN,
                "JDBC_URL",
                "jdbc:postgresql://rds:5432/geomonitor",
                "JDBC_USER",
                "old",
                "JDBC_PASSWORD",
                "old"));
    Map<String, String> asked = new HashMap<>();

    // When
    JobConfig resolved =
        DatabaseSecret.resolve(
            given,
            () ->
                arn -> {
                  asked.put("arn", arn);
                  return RDS_SECRET;
                });

    // Then
    assertThat(asked).containsEntry("arn", ARN);
    assertThat(resolved.jdbcUser()).isEqualTo("geomonitor");
    assertThat(resolved.jdbcPassword()).isEqualTo("s3cr3t");
    assertThat(resolved.jdbcUrl()).isEqualTo("jdbc:postgresql://rds:5432/geomonitor");
    assertThat(resolved.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void withoutJdbcUrlTheUrlIsBuiltFromTheSecretsHostPortAndDatabase() {
    // When
    JobConfig resolved =
        DatabaseSecret.resolve(config(Map.of("DB_SECRET_ARN", ARN)), () -> arn -> RDS_SECRET);

    // Then
    assertThat(resolved.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.example.internal:5432/geomonitor?sslmode=require");
  }

  @Test
  void withoutSecretArnNoSecretSourceIsBuilt() {
    // Given the local path: user and password as settings
    JobConfig given =
        config(
            Map.of(
                "JDBC_URL",
                "jdbc:postgresql://localhost/x",
                "JDBC_USER",
                "u",
                "JDBC_PASSWORD",
                "p"));

    // When
    JobConfig resolved =
        DatabaseSecret.resolve(
            given,
            () -> {
              throw new AssertionError("no secret source may be built without DB_SECRET_ARN");
            });

    // Then
    assertThat(resolved).isSameAs(given);
  }

  @Test
  void secretWithoutPasswordIsRefusedNamingTheSecretButNotItsContent() {
    assertThatThrownBy(
            () ->
                DatabaseSecret.resolve(
                    config(Map.of("DB_SECRET_ARN", ARN)),
                    () ->
                        arn ->
                            "{\"username\":\"geomonitor\",\"host\":\"h\",\"port\":5432,\"dbname\":\"d\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ARN)
        .hasMessageContaining("'password'");
    assertThatThrownBy(
            () ->
                DatabaseSecret.resolve(
                    config(Map.of("DB_SECRET_ARN", ARN)), () -> arn -> "not json: hunter2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JSON object")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void secretRegionComesFromTheArn() {
    assertThat(SecretsManagerSource.region(ARN)).isEqualTo("ap-southeast-2");
    assertThatThrownBy(() -> SecretsManagerSource.region("geomonitor-db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Secrets Manager ARN");
  }

  @Test
  void theExecutorsLoginIsReadFromTheSecretEachTimeItIsAskedFor() throws Exception {
    // Given a secret a rotation switches from one user to its clone
    String[] current = {RDS_SECRET};
    SecretLogin login = new SecretLogin(ARN, arn -> current[0]);
    assertThat(login.current().user()).isEqualTo("geomonitor");

    // When the rotation writes the clone's login
    current[0] =
        RDS_SECRET.replace(
            "\"geomonitor\",\"password\":\"s3cr3t\"", "\"geomonitor_clone\",\"password\":\"n3w\"");

    // Then the next read has it, and nothing prints the password
    assertThat(login.current().user()).isEqualTo("geomonitor_clone");
    assertThat(login.current().password()).isEqualTo("n3w");
    assertThat(login + " " + login.current()).doesNotContain("n3w").contains(ARN);
  }

  @Test
  void configsShippedToTasksCompareEqualSoEachExecutorKeepsOneStorePerSecret() throws Exception {
    // Given the login as the driver builds it, and a copy as a task deserializes it
    SecretLogin login = new SecretLogin(ARN, new SecretsManagerSource());
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(login);
    }
    Object copy;
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      copy = in.readObject();
    }

    // Then
    assertThat(copy).isEqualTo(login).hasSameHashCodeAs(login);
  }
}
