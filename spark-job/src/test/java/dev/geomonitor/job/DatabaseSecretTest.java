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
}
