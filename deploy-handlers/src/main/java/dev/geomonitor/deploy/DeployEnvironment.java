package dev.geomonitor.deploy;

import dev.geomonitor.platform.kafka.KafkaAuth;
import dev.geomonitor.platform.kafka.KafkaConnection;
import dev.geomonitor.platform.settings.Setting;
import dev.geomonitor.platform.settings.SettingTypes;
import dev.geomonitor.platform.settings.SettingValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The handlers' environment, read once per Lambda execution environment. Everything that changes
 * per deployment (endpoints, secret ARNs, versions) comes in the event's resource properties
 * instead.
 *
 * @param kafkaAuth {@code KAFKA_AUTH}: {@code iam} for SASL_SSL with MSK IAM, {@code none} for a
 *     plain broker
 * @param timeout {@code DEPLOY_CALL_TIMEOUT} (default 60 s): the longest one admin call may take
 * @param dbSecretArn {@code DB_SECRET_ARN}: used when the event carries no DbSecretArn
 * @param dbSslMode {@code DB_SSLMODE} (default {@code require}: RDS PostgreSQL 15+ refuses
 *     unencrypted connections)
 * @param region {@code AWS_REGION}: Secrets Manager and SigV4 signing
 */
public record DeployEnvironment(
    KafkaAuth kafkaAuth, Duration timeout, String dbSecretArn, String dbSslMode, String region) {

  public static final Setting<Duration> DEPLOY_CALL_TIMEOUT =
      Setting.of(
          "DEPLOY_CALL_TIMEOUT",
          SettingTypes.DURATION,
          "PT60S",
          "the longest one admin call may take");
  public static final Setting<String> DB_SECRET_ARN =
      Setting.optional(
          "DB_SECRET_ARN",
          SettingTypes.TEXT,
          "database secret used when the event carries no DbSecretArn");
  public static final Setting<String> DB_SSLMODE =
      Setting.of(
          "DB_SSLMODE",
          SettingTypes.TEXT,
          "require",
          "PostgreSQL `sslmode` (RDS PostgreSQL 15+ refuses unencrypted connections)");
  public static final Setting<String> AWS_REGION =
      Setting.optional(
          "AWS_REGION", SettingTypes.TEXT, "Secrets Manager and SigV4 signing (set by Lambda)");

  /** Every setting the handlers read, in the order of the README's table. */
  public static final List<Setting<?>> SETTINGS =
      List.of(KafkaConnection.AUTH, DEPLOY_CALL_TIMEOUT, DB_SECRET_ARN, DB_SSLMODE, AWS_REGION);

  public static DeployEnvironment fromSettings(Map<String, String> env) {
    SettingValues s = SettingValues.of(env);
    return new DeployEnvironment(
        s.get(KafkaConnection.AUTH),
        s.get(DEPLOY_CALL_TIMEOUT),
        s.get(DB_SECRET_ARN),
        s.get(DB_SSLMODE),
        s.get(AWS_REGION));
  }

  /** True on MSK with IAM access control. */
  public boolean kafkaIamAuth() {
    return kafkaAuth == KafkaAuth.IAM;
  }
}
