package dev.geomonitor.deploy;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The handlers' environment, read once per Lambda execution environment. Everything that changes per deployment
 * (endpoints, secret ARNs, versions) comes in the event's resource properties instead.
 *
 * @param kafkaIamAuth {@code KAFKA_AUTH=iam}: SASL_SSL with MSK IAM; {@code none} (the default): a plain local broker
 * @param timeout {@code DEPLOY_CALL_TIMEOUT_MS} (default 60 s): the longest one admin call may take
 * @param dbSecretArn {@code DB_SECRET_ARN}: used when the event carries no DbSecretArn
 * @param dbSslMode {@code DB_SSLMODE} (default {@code require}: RDS PostgreSQL 15+ refuses unencrypted connections)
 * @param region {@code AWS_REGION}: Secrets Manager and SigV4 signing
 */
public record DeployEnvironment(
    boolean kafkaIamAuth, Duration timeout, String dbSecretArn, String dbSslMode, String region) {

  public static DeployEnvironment fromSettings(Map<String, String> env) {
    String timeoutMs = env.getOrDefault("DEPLOY_CALL_TIMEOUT_MS", "60000");
    return new DeployEnvironment(
        kafkaAuth(env.getOrDefault("KAFKA_AUTH", "none")),
        Duration.ofMillis(ResourceProperties.parseLong("DEPLOY_CALL_TIMEOUT_MS", timeoutMs)),
        blankToNull(env.get("DB_SECRET_ARN")),
        env.getOrDefault("DB_SSLMODE", "require").trim(),
        blankToNull(env.get("AWS_REGION")));
  }

  private static boolean kafkaAuth(String value) {
    String auth = value.trim().toLowerCase(Locale.ROOT);
    if (auth.equals("iam")) {
      return true;
    }
    if (auth.equals("none") || auth.isEmpty()) {
      return false;
    }
    throw new IllegalArgumentException(
        "KAFKA_AUTH is '" + value + "'; expected none (plain broker) or iam (MSK IAM over SASL_SSL, port 9098)");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
