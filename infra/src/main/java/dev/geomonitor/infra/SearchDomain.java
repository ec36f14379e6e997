package dev.geomonitor.infra;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.opensearchservice.AdvancedSecurityOptions;
import software.amazon.awscdk.services.opensearchservice.CapacityConfig;
import software.amazon.awscdk.services.opensearchservice.Domain;
import software.amazon.awscdk.services.opensearchservice.EbsOptions;
import software.amazon.awscdk.services.opensearchservice.EncryptionAtRestOptions;
import software.amazon.awscdk.services.opensearchservice.EngineVersion;
import software.amazon.awscdk.services.opensearchservice.LoggingOptions;
import software.amazon.awscdk.services.opensearchservice.TLSSecurityPolicy;
import software.amazon.awscdk.services.opensearchservice.ZoneAwarenessConfig;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * OpenSearch Service domain with Dashboards, reachable only inside the VPC over HTTPS (TLS 1.2).
 * Fine-grained access control with the internal user database authenticates every request: no
 * anonymous access. The master user's credentials are a Secrets Manager secret that the sink and
 * the search-setup handler read.
 */
public final class SearchDomain extends Construct {
  public static final String MASTER_USER = "geomonitor";

  private final Domain domain;
  private final Secret masterUser;
  private final SecurityGroup securityGroup;

  public SearchDomain(Construct scope, String id, InfraConfig config, Network network, IKey key) {
    super(scope, id);
    this.securityGroup = network.serviceSecurityGroup("SearchSg", "OpenSearch HTTPS", 443);
    this.masterUser = createMasterUserSecret(key);
    this.domain = createDomain(config, network, key);
    if (config.operations().removalPolicy() != InfraConfig.Retention.DESTROY) {
      masterUser.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
  }

  private Secret createMasterUserSecret(IKey key) {
    return Secret.Builder.create(this, "MasterUser")
        .description("OpenSearch fine-grained access control master user")
        .encryptionKey(key)
        .generateSecretString(
            SecretStringGenerator.builder()
                .secretStringTemplate("{\"username\":\"" + MASTER_USER + "\"}")
                .generateStringKey("password")
                .passwordLength(32)
                .build())
        .build();
  }

  private Domain createDomain(InfraConfig config, Network network, IKey key) {
    var search = config.search();
    SubnetSelection subnets =
        search.zoneAwareness()
            ? network.dataSubnetsSelection(search.zoneCount())
            : network.firstDataSubnetSelection();
    CapacityConfig.Builder capacity =
        CapacityConfig.builder()
            .dataNodes(search.dataNodes())
            .dataNodeInstanceType(search.instanceType())
            .multiAzWithStandbyEnabled(false);
    if (search.dedicatedMasters() > 0) {
      capacity
          .masterNodes(search.dedicatedMasters())
          .masterNodeInstanceType(search.masterInstanceType());
    }
    RemovalPolicy removal =
        config.operations().removalPolicy() == InfraConfig.Retention.DESTROY
            ? RemovalPolicy.DESTROY
            : RemovalPolicy.RETAIN;
    Domain created =
        Domain.Builder.create(this, "Domain")
            .version(EngineVersion.OPENSEARCH_2_19)
            .capacity(capacity.build())
            .ebs(
                EbsOptions.builder()
                    .enabled(true)
                    .volumeSize(search.volumeGb())
                    .volumeType(EbsDeviceVolumeType.GP3)
                    .build())
            .zoneAwareness(
                ZoneAwarenessConfig.builder()
                    .enabled(search.zoneAwareness())
                    .availabilityZoneCount(search.zoneAwareness() ? search.zoneCount() : null)
                    .build())
            .vpc(network.vpc())
            .vpcSubnets(List.of(subnets))
            .securityGroups(List.of(securityGroup))
            .fineGrainedAccessControl(
                AdvancedSecurityOptions.builder()
                    .masterUserName(MASTER_USER)
                    .masterUserPassword(masterUser.secretValueFromJson("password"))
                    .build())
            .nodeToNodeEncryption(true)
            .encryptionAtRest(EncryptionAtRestOptions.builder().enabled(true).kmsKey(key).build())
            .enforceHttps(true)
            .tlsSecurityPolicy(TLSSecurityPolicy.TLS_1_2)
            .logging(
                LoggingOptions.builder()
                    .appLogEnabled(true)
                    .appLogGroup(logGroup("AppLogs", config, key))
                    .slowSearchLogEnabled(true)
                    .slowSearchLogGroup(logGroup("SlowSearchLogs", config, key))
                    .slowIndexLogEnabled(true)
                    .slowIndexLogGroup(logGroup("SlowIndexLogs", config, key))
                    .auditLogEnabled(true)
                    .auditLogGroup(logGroup("AuditLogs", config, key))
                    .build())
            .enableAutoSoftwareUpdate(true)
            .removalPolicy(removal)
            .build();
    // Requests still need fine-grained access control credentials; the resource policy only opens
    // the HTTP API to
    // them, because Dashboards users log in with internal-database passwords, which are not
    // IAM-signed.
    created.addAccessPolicies(
        PolicyStatement.Builder.create()
            .effect(Effect.ALLOW)
            .principals(List.of(new AnyPrincipal()))
            .actions(List.of("es:ESHttp*"))
            .resources(List.of(created.getDomainArn() + "/*"))
            .build());
    return created;
  }

  private LogGroup logGroup(String id, InfraConfig config, IKey key) {
    return LogGroup.Builder.create(this, id)
        .encryptionKey(key)
        .retention(LogRetention.of(config.operations().logRetentionDays()))
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
  }

  public Domain domain() {
    return domain;
  }

  public Secret masterUser() {
    return masterUser;
  }

  public String httpsUrl() {
    return "https://" + domain.getDomainEndpoint();
  }

  public String dashboardsUrl() {
    return "https://" + domain.getDomainEndpoint() + "/_dashboards";
  }
}
