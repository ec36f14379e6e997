package dev.geomonitor.job;

import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Reads a secret from AWS Secrets Manager with the default credentials chain (the EMR Serverless
 * job role). The region is the secret ARN's own, so the job needs no AWS_REGION setting. Built only
 * when DB_SECRET_ARN is set.
 */
public final class SecretsManagerSource implements DatabaseSecret.Source {
  @Override
  public String secretString(String arn) {
    try (SecretsManagerClient client =
        SecretsManagerClient.builder()
            .region(Region.of(region(arn)))
            // The Apache transport (also what MSK IAM auth uses): the jar leaves out Netty, which
            // Spark ships its own copy of.
            .httpClientBuilder(ApacheHttpClient.builder())
            .build()) {
      return client
          .getSecretValue(GetSecretValueRequest.builder().secretId(arn).build())
          .secretString();
    }
  }

  /**
   * Stateless: every copy reads the same way, so configs holding one (shipped to each task) are
   * equal and executors keep one store per secret.
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof SecretsManagerSource;
  }

  @Override
  public int hashCode() {
    return SecretsManagerSource.class.hashCode();
  }

  /** arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME */
  static String region(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length < 6
        || !parts[0].equals("arn")
        || !parts[2].equals("secretsmanager")
        || parts[3].isBlank()) {
      throw new IllegalArgumentException(
          "DB_SECRET_ARN '"
              + arn
              + "' is not a Secrets Manager ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)");
    }
    return parts[3];
  }
}
