package dev.geomonitor.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Builds the project's Java 21 Lambdas the same way: in the VPC app tier with the workload security
 * group, own log group with retention, encrypted dead-letter queue, reserved concurrency, and
 * SnapStart on a "live" alias where it applies (callers invoke the alias so the snapshot is used).
 */
final class JavaFunctions {
  private final Construct scope;
  private final InfraConfig config;
  private final Network network;
  private final IKey key;

  JavaFunctions(Construct scope, InfraConfig config, Network network, IKey key) {
    this.scope = scope;
    this.config = config;
    this.network = network;
    this.key = key;
  }

  /** What varies between the pipeline's functions. */
  record Spec(
      String id,
      String handler,
      String jarPath,
      int memoryMb,
      Duration timeout,
      int reservedConcurrency,
      boolean snapStart,
      Map<String, String> environment) {}

  /** A function and the alias its callers use. */
  record Deployed(Function function, Alias alias, Queue deadLetters) {

    /**
     * An EventBridge rule {@code id} in {@code scope} invoking the alias at {@code rate}: no
     * retries (the next run comes soon), undeliverable events to the function's dead-letter queue.
     */
    void schedule(Construct scope, String id, String description, Duration rate) {
      Rule.Builder.create(scope, id)
          .description(description)
          .schedule(Schedule.rate(rate))
          .targets(
              List.of(
                  LambdaFunction.Builder.create(alias)
                      .retryAttempts(0)
                      .deadLetterQueue(deadLetters)
                      .build()))
          .build();
    }
  }

  Deployed create(Spec spec) {
    return create(spec, null);
  }

  /**
   * @param role the execution role to share (another function's), or null for a role of its own
   */
  Deployed create(Spec spec, IRole role) {
    LogGroup logs =
        LogGroup.Builder.create(scope, spec.id() + "Logs")
            .retention(LogRetention.of(config.operations().logRetentionDays()))
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    Queue deadLetters =
        Queue.Builder.create(scope, spec.id() + "DeadLetters")
            .encryption(QueueEncryption.KMS)
            .encryptionMasterKey(key)
            .enforceSsl(true)
            .retentionPeriod(Duration.days(14))
            .build();
    Function function =
        Function.Builder.create(scope, spec.id())
            .runtime(Runtime.JAVA_21)
            .architecture(Architecture.X86_64)
            .handler(spec.handler())
            .role(role)
            .code(Code.fromAsset(spec.jarPath()))
            .memorySize(spec.memoryMb())
            .timeout(spec.timeout())
            .reservedConcurrentExecutions(spec.reservedConcurrency())
            .vpc(network.vpc())
            .vpcSubnets(network.appSubnetsSelection())
            .securityGroups(List.of(network.workloads()))
            .logGroup(logs)
            .deadLetterQueue(deadLetters)
            .environment(spec.environment())
            .environmentEncryption(key)
            .snapStart(spec.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
            .build();
    // The function's role sends its failed async events to the queue: SendMessage and the key's
    // GenerateDataKey/Decrypt
    // (CDK's deadLetterQueue wiring grants SendMessage only, and an encrypted queue refuses a
    // sender without the key).
    deadLetters.grantSendMessages(function);
    if (spec.snapStart()) {
      Validations.of(function)
          .acknowledge(
              Acknowledgment.builder()
                  .id("Annotation::@aws-cdk/aws-lambda:snapStartRequirePublish")
                  .reason(
                      "every caller invokes the 'live' alias of a published version, which SnapStart snapshots")
                  .build());
    }
    Alias alias =
        Alias.Builder.create(scope, spec.id() + "Live")
            .aliasName("live")
            .version(function.getCurrentVersion())
            .build();
    return new Deployed(function, alias, deadLetters);
  }
}
