package dev.geomonitor.deploy;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** {@link SecretSource} over AWS Secrets Manager; one client per execution environment. */
public final class SecretsManagerSecretSource implements SecretSource {
  private final SecretsManagerClient client;

  public SecretsManagerSecretSource(SecretsManagerClient client) {
    this.client = client;
  }

  public static SecretsManagerSecretSource create(String region) {
    var builder = SecretsManagerClient.builder().httpClientBuilder(ApacheHttpClient.builder());
    if (region != null) {
      builder.region(Region.of(region));
    }
    return new SecretsManagerSecretSource(builder.build());
  }

  @Override
  public String secretString(String secretId) {
    try {
      String text = client.getSecretValue(r -> r.secretId(secretId)).secretString();
      if (text == null) {
        throw new IllegalStateException(
            "secret " + secretId + " has no SecretString (a binary secret?)");
      }
      return text;
    } catch (SdkException e) {
      throw new IllegalStateException(
          "cannot read secret "
              + secretId
              + ": "
              + e.getMessage()
              + " (check secretsmanager:GetSecretValue and kms:Decrypt for the handler's role)",
          e);
    }
  }
}
