package dev.geomonitor.deploy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * CDK provider onEvent handler of Custom::GeomonitorSchemaMigration. Configuration: {@link
 * DeployEnvironment}.
 */
public final class SchemaMigrationHandler implements RequestStreamHandler {
  private final CustomResourceCore core;

  public SchemaMigrationHandler() {
    DeployEnvironment env = DeployEnvironment.fromSettings(System.getenv());
    this.core =
        new CustomResourceCore(
            new SchemaMigrationSetup(
                SecretsManagerSecretSource.create(env.region()),
                SchemaStore::of,
                env.dbSecretArn(),
                env.dbSslMode()));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) {
    ProviderFrameworkInvocation.run(core, input, output);
  }
}
