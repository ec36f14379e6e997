package dev.geomonitor.deploy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** CDK provider onEvent handler of Custom::GeomonitorJobRun (see {@link JobRunSetup}). */
public final class JobRunResourceHandler implements RequestStreamHandler {
  private final CustomResourceCore core;

  public JobRunResourceHandler() {
    DeployEnvironment env = DeployEnvironment.fromSettings(System.getenv());
    this.core =
        new CustomResourceCore(
            new JobRunSetup(
                EmrServerlessJobRuns.create(env.region()),
                JobRunResourceHandler::sleep,
                Duration.ofSeconds(10)));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) {
    ProviderFrameworkInvocation.run(core, input, output);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the job run", e);
    }
  }
}
