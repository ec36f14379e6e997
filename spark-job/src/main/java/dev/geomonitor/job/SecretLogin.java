package dev.geomonitor.job;

import dev.geomonitor.batchstore.CredentialSource;
import java.util.Objects;

/**
 * The job's database login as the Secrets Manager secret named by DB_SECRET_ARN holds it now. Each
 * executor's batch store reads it again when PostgreSQL refuses the login it holds, so a rotation
 * (multi-user: the secret switches between two users, the older password changed at the next
 * rotation) never stops the job.
 *
 * @param arn the secret
 * @param source how the secret is read ({@link SecretsManagerSource} on AWS)
 */
record SecretLogin(String arn, DatabaseSecret.Source source) implements CredentialSource {
  SecretLogin {
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(source, "source");
  }

  @Override
  public Login current() {
    return DatabaseSecret.login(arn, source);
  }

  @Override
  public String toString() {
    return "secret " + arn;
  }
}
