package dev.geomonitor.deploy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * CDK provider onEvent handler of Custom::GeomonitorSearchSetup. Configuration: {@link
 * DeployEnvironment}.
 */
public final class SearchSetupHandler implements RequestStreamHandler {
  private final CustomResourceCore core;

  public SearchSetupHandler() {
    DeployEnvironment env = DeployEnvironment.fromSettings(System.getenv());
    SearchSetup.IamAccess iam =
        env.region() == null
            ? null
            : new SearchSetup.IamAccess(
                env.region(),
                new SigV4RequestSigner(DefaultCredentialsProvider.create(), env.region(), "es"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.core =
        new CustomResourceCore(
            new SearchSetup(
                SecretsManagerSecretSource.create(env.region()),
                SearchIndexes.openSearch(),
                DashboardsImport.create(env.timeout()),
                iam,
                SearchSetup.bundledSavedObjects(),
                new SinkRoleMapping(http, env.timeout()),
                new IndexReplicas(http, env.timeout())));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) {
    ProviderFrameworkInvocation.run(core, input, output);
  }
}
