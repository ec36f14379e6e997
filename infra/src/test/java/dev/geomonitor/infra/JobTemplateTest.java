package dev.geomonitor.infra;

import static dev.geomonitor.infra.TemplateQueries.actions;
import static dev.geomonitor.infra.TemplateQueries.properties;
import static dev.geomonitor.infra.TemplateQueries.resources;
import static dev.geomonitor.infra.TemplateQueries.resourcesOf;
import static dev.geomonitor.infra.TemplateQueries.statementsOfRole;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The streaming job's sizing, settings and run lifecycle in the templates, one fact per test. */
class JobTemplateTest {
  private static Template dev;
  private static Template prod;
  private static SynthesizedStacks.Synthesized devStack;

  @BeforeAll
  static void synthesize() {
    devStack = SynthesizedStacks.of("dev");
    dev = devStack.template();
    prod = SynthesizedStacks.of("prod").template();
  }

  static Map<String, Object> jobRun(Template template) {
    var runs = resources(template, "Custom::GeomonitorJobRun");
    assertThat(runs).hasSize(1);
    return properties(runs.values().iterator().next());
  }

  private static String submitParameters(Template template) {
    return String.valueOf(jobRun(template).get("SparkSubmitParameters"));
  }

  @Test
  void driverAndExecutorAskForTheirConfiguredCoresAndHeaps() {
    assertThat(submitParameters(dev))
        .contains("--conf spark.driver.cores=1 ")
        .contains("--conf spark.driver.memory=3584m ")
        .contains("--conf spark.executor.cores=1 ")
        .contains("--conf spark.executor.memory=3584m ")
        .contains("--conf spark.executor.memoryOverheadFactor=0.1 ");
    assertThat(submitParameters(prod))
        .contains("--conf spark.executor.cores=4 ")
        .contains("--conf spark.executor.memory=14336m ");
  }

  @Test
  void dynamicAllocationStaysWithinTheConfiguredExecutorCounts() {
    assertThat(submitParameters(prod))
        .contains("--conf spark.dynamicAllocation.minExecutors=2 ")
        .contains("--conf spark.dynamicAllocation.initialExecutors=2 ")
        .contains("--conf spark.dynamicAllocation.maxExecutors=7 ");
  }

  @Test
  void jobSettingsReachDriverAndExecutors() {
    assertThat(submitParameters(dev))
        .contains("spark.emr-serverless.driverEnv.MAX_OFFSETS_PER_TRIGGER=20000")
        .contains("spark.executorEnv.MAX_OFFSETS_PER_TRIGGER=20000")
        .contains("spark.emr-serverless.driverEnv.TRIGGER_INTERVAL=PT5S")
        .contains("spark.emr-serverless.driverEnv.WINDOW_SIZES=PT1M,PT15M")
        .contains("spark.emr-serverless.driverEnv.KAFKA_AUTH=iam")
        .doesNotContain("KAFKA_IAM_AUTH", "KAFKA_MSK_IAM", "KAFKA_SECURITY");
  }

  @Test
  void triggerLevelsFileIsAnS3ObjectPassedToDriverAndExecutors() {
    String params = submitParameters(dev);
    assertThat(params)
        .contains("spark.emr-serverless.driverEnv.TRIGGER_LEVELS_FILE=s3://")
        .contains("spark.executorEnv.TRIGGER_LEVELS_FILE=s3://")
        .contains(devStack.stack().streamingJob().triggerLevels().getS3ObjectKey());
  }

  @Test
  void jobRoleMayReadTheTriggerLevelsObjectOnly() {
    String role =
        devStack
            .stack()
            .resolve(
                devStack
                    .stack()
                    .getLogicalId(
                        (software.amazon.awscdk.CfnResource)
                            devStack.stack().streamingJob().jobRole().getNode().getDefaultChild()))
            .toString();
    String key = devStack.stack().streamingJob().triggerLevels().getS3ObjectKey();
    assertThat(
            statementsOfRole(dev, role).stream()
                .filter(s -> actions(s).equals(List.of("s3:GetObject")))
                .map(s -> String.valueOf(resourcesOf(s))))
        .anySatisfy(r -> assertThat(r).contains(key));
  }

  @Test
  void devHasNoPreInitializedCapacity() {
    var app =
        properties(resources(dev, "AWS::EMRServerless::Application").values().iterator().next());
    assertThat(app).doesNotContainKey("InitialCapacity");
  }

  @Test
  void prodPreInitializesWorkersOfTheSizeTheJobAsksFor() {
    prod.hasResourceProperties(
        "AWS::EMRServerless::Application",
        Map.of(
            "InitialCapacity",
            Match.arrayWith(
                List.of(
                    Map.of(
                        "Key",
                        "Executor",
                        "Value",
                        Map.of(
                            "WorkerCount",
                            2,
                            "WorkerConfiguration",
                            Match.objectLike(Map.of("Cpu", "4 vCPU", "Memory", "16 GB"))))))));
  }

  @Test
  void runIsStartedByTheJobRunResourceInStreamingModeWithItsCheckpoint() {
    var run = jobRun(dev);
    assertThat(run.get("MaxFailedAttemptsPerHour")).isEqualTo("5");
    assertThat(String.valueOf(run.get("CheckpointLocation"))).contains("checkpoints/v1");
    assertThat(run.get("ConfigHash")).isEqualTo(devStack.stack().streamingJob().configHash());
    assertThat(String.valueOf(run.get("SparkSubmitParameters")))
        .contains("--class " + HandlerClasses.STREAMING_JOB);
    assertThat(
            resources(dev, "Custom::AWS").values().stream()
                .map(r -> String.valueOf(properties(r).get("Create"))))
        .noneMatch(create -> create.contains("startJobRun"));
  }

  @Test
  void jobRunHandlerMayStopAndStartRunsOfItsApplicationOnly() {
    String role = TemplateQueries.roleOfHandler(dev, HandlerClasses.JOB_RUN_RESOURCE);
    var statements = statementsOfRole(dev, role);
    assertThat(statements.stream().flatMap(s -> actions(s).stream()))
        .contains(
            "emr-serverless:StartJobRun",
            "emr-serverless:CancelJobRun",
            "emr-serverless:GetJobRun",
            "emr-serverless:ListJobRuns",
            "iam:PassRole");
    statements.stream()
        .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("emr-serverless:")))
        .forEach(
            s ->
                assertThat(String.valueOf(resourcesOf(s)))
                    .doesNotContain("\"*\"")
                    .contains("Application"));
  }

  @Test
  void workersAskForTheConfiguredDiskWithinTheApplicationsMaximum() {
    assertThat(submitParameters(dev))
        .contains("--conf spark.emr-serverless.driver.disk=20g ")
        .contains("--conf spark.emr-serverless.executor.disk=20g ");
    var app =
        properties(resources(prod, "AWS::EMRServerless::Application").values().iterator().next());
    assertThat(String.valueOf(app.get("MaximumCapacity"))).contains("Disk=200 GB");
    assertThat(String.valueOf(app.get("InitialCapacity"))).contains("Disk=20 GB");
  }
}
