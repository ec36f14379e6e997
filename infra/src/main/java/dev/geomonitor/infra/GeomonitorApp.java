package dev.geomonitor.infra;

import java.util.Map;
import software.amazon.awscdk.App;

/** The CDK app: reads the configuration once and builds the stack of the selected environment. */
public final class GeomonitorApp {
  private GeomonitorApp() {}

  public static void main(String[] args) {
    App app = new App();
    @SuppressWarnings("unchecked")
    Map<String, Object> context = (Map<String, Object>) app.getNode().getAllContext();
    InfraConfig config = InfraConfigReader.read(context, System.getenv("CDK_DEFAULT_ACCOUNT"));
    PipelineStack.create(app, config);
    app.synth();
  }
}
