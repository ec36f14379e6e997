package dev.geomonitor.alarms.lambda;

import dev.geomonitor.alarms.AlarmConfig;
import dev.geomonitor.platform.settings.SettingValues;
import javax.sql.DataSource;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * What both alarm functions build once per execution environment from their environment: the alarm
 * configuration and a database reached with the secret's credentials. Region and credentials are
 * the function's own (the SDK's default chain).
 */
final class AwsClients {
  private AwsClients() {}

  static AlarmConfig config(SettingValues settings) {
    return AlarmConfig.from(settings);
  }

  static DataSource database(SettingValues settings) {
    SecretsManagerClient secrets =
        SecretsManagerClient.builder().httpClientBuilder(ApacheHttpClient.builder()).build();
    return new SecretDataSource(
        settings.get(FunctionSettings.DB_SECRET_ARN),
        arn ->
            secrets
                .getSecretValue(GetSecretValueRequest.builder().secretId(arn).build())
                .secretString(),
        "require");
  }
}
