package dev.geomonitor.deploy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * CDK provider onEvent handler of Custom::GeomonitorTopics. Configuration: {@link
 * DeployEnvironment}.
 */
public final class TopicsResourceHandler implements RequestStreamHandler {
  private final CustomResourceCore core;

  public TopicsResourceHandler() {
    DeployEnvironment env = DeployEnvironment.fromSettings(System.getenv());
    this.core =
        new CustomResourceCore(
            new TopicsSetup(KafkaTopicAdmin.factory(env.kafkaAuth(), env.timeout())));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) {
    ProviderFrameworkInvocation.run(core, input, output);
  }
}
