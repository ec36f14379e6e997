package dev.geomonitor.infra;

import dev.geomonitor.infra.InfraConfig.DatabaseEngine;
import dev.geomonitor.infra.InfraConfig.Retention;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.CredentialsBaseOptions;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.DatabaseSecret;
import software.amazon.awscdk.services.rds.IClusterInstance;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.RotationMultiUserOptions;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.rds.ServerlessV2ClusterInstanceProps;
import software.amazon.awscdk.services.rds.StorageType;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.ISecretAttachmentTarget;
import software.amazon.awscdk.services.secretsmanager.SecretRotation;
import software.constructs.Construct;

/**
 * PostgreSQL for the batch views: an RDS instance or an Aurora Serverless v2 cluster, by
 * configuration. Either way it sits in the isolated data subnets, is encrypted with the stack key,
 * and its generated credentials rotate.
 */
public final class PostgresDatabase extends Construct {
  public static final int PORT = 5432;
  public static final String DATABASE_NAME = "geomonitor";
  private static final String ADMIN_USER = "geomonitor_admin";

  /** The Spark job's login: a member of geomonitor_writer (DML on the pipeline schemas, no DDL). */
  public static final String JOB_USER = "geomonitor_job";

  /** The reporting login: a member of geomonitor_reader (SELECT on the monitoring views only). */
  public static final String READER_USER = "geomonitor_report";

  /**
   * The alarm functions' login: a member of geomonitor_alarms (writes of the alarm tables only).
   */
  public static final String ALARMS_USER = "geomonitor_alarm_service";

  private final SecurityGroup securityGroup;
  private final ISecret secret;
  private final ISecret jobSecret;
  private final ISecret readerSecret;
  private final ISecret alarmsSecret;
  private final List<SecretRotation> userRotations = new ArrayList<>();
  private final String endpointAddress;
  private final IMetric cpuUtilization;

  public PostgresDatabase(
      Construct scope, String id, InfraConfig config, Network network, IKey key) {
    super(scope, id);
    this.securityGroup = network.serviceSecurityGroup("PostgresSg", "PostgreSQL", PORT);
    var db = config.database();
    Credentials credentials =
        Credentials.fromGeneratedSecret(
            ADMIN_USER, CredentialsBaseOptions.builder().encryptionKey(key).build());
    RotationSingleUserOptions rotation =
        RotationSingleUserOptions.builder()
            .automaticallyAfter(Duration.days(db.rotationDays()))
            .vpcSubnets(network.appSubnetsSelection())
            .securityGroup(network.workloads())
            .build();
    if (db.engine() == DatabaseEngine.RDS_POSTGRES) {
      DatabaseInstance instance = createInstance(config, network, key, credentials);
      instance.addRotationSingleUser(rotation);
      this.secret = instance.getSecret();
      this.jobSecret =
          appUser(
              config, network, key, "JobUser", JOB_USER, instance, instance::addRotationMultiUser);
      this.readerSecret =
          appUser(
              config,
              network,
              key,
              "ReaderUser",
              READER_USER,
              instance,
              instance::addRotationMultiUser);
      this.alarmsSecret =
          appUser(
              config,
              network,
              key,
              "AlarmsUser",
              ALARMS_USER,
              instance,
              instance::addRotationMultiUser);
      this.endpointAddress = instance.getDbInstanceEndpointAddress();
      this.cpuUtilization = instance.metricCPUUtilization();
    } else {
      DatabaseCluster cluster = createServerlessCluster(config, network, key, credentials);
      cluster.addRotationSingleUser(rotation);
      this.secret = cluster.getSecret();
      this.jobSecret =
          appUser(
              config, network, key, "JobUser", JOB_USER, cluster, cluster::addRotationMultiUser);
      this.readerSecret =
          appUser(
              config,
              network,
              key,
              "ReaderUser",
              READER_USER,
              cluster,
              cluster::addRotationMultiUser);
      this.alarmsSecret =
          appUser(
              config,
              network,
              key,
              "AlarmsUser",
              ALARMS_USER,
              cluster,
              cluster::addRotationMultiUser);
      this.endpointAddress = cluster.getClusterEndpoint().getHostname();
      this.cpuUtilization = cluster.metricCPUUtilization();
    }
    // The credentials outlive the database: a retained database (or one restored from its final
    // snapshot) is useless
    // without them.
    // (The store's secret property is its target attachment; the generated secret itself is the
    // "Secret" child.)
    if (config.operations().removalPolicy() != Retention.DESTROY) {
      Construct store =
          (Construct)
              getNode().getChildren().stream()
                  .filter(c -> c.getNode().tryFindChild("Secret") != null)
                  .findFirst()
                  .orElseThrow(
                      () -> new IllegalStateException("the database has no generated secret"));
      ((CfnResource) store.getNode().findChild("Secret").getNode().getDefaultChild())
          .applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
  }

  /**
   * A least-privilege login user: its own generated secret (with the master secret's ARN, which
   * multi-user rotation needs), attached to the database (host, port), and multi-user rotation,
   * which alternates between the user and a clone so the credential a running job holds stays valid
   * for a whole rotation period. The user itself is created and granted by the schema-migration
   * resource; the rotation must not start before that (see {@link #userRotations()}), and it waits
   * for its first scheduled window instead of rotating at creation.
   */
  private ISecret appUser(
      InfraConfig config,
      Network network,
      IKey key,
      String id,
      String username,
      ISecretAttachmentTarget database,
      BiFunction<String, RotationMultiUserOptions, SecretRotation> addRotation) {
    DatabaseSecret generated =
        DatabaseSecret.Builder.create(this, id)
            .username(username)
            .dbname(DATABASE_NAME)
            .encryptionKey(key)
            .masterSecret(secretOfMaster())
            .build();
    if (config.operations().removalPolicy() != Retention.DESTROY) {
      generated.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
    ISecret attached = generated.attach(database);
    userRotations.add(
        addRotation.apply(
            id + "Rotation",
            RotationMultiUserOptions.builder()
                .secret(attached)
                .automaticallyAfter(Duration.days(config.database().rotationDays()))
                .rotateImmediatelyOnUpdate(false)
                .vpcSubnets(network.appSubnetsSelection())
                .securityGroup(network.workloads())
                .build()));
    return attached;
  }

  private ISecret secretOfMaster() {
    if (secret == null) {
      throw new IllegalStateException("the master secret must exist before the application users");
    }
    return secret;
  }

  private DatabaseInstance createInstance(
      InfraConfig config, Network network, IKey key, Credentials credentials) {
    var db = config.database();
    return DatabaseInstance.Builder.create(this, "Instance")
        .engine(
            DatabaseInstanceEngine.postgres(
                PostgresInstanceEngineProps.builder()
                    .version(PostgresEngineVersion.VER_17_6)
                    .build()))
        .instanceType(new InstanceType(db.instanceClass()))
        .vpc(network.vpc())
        .vpcSubnets(network.dataSubnetsSelection())
        .securityGroups(List.of(securityGroup))
        .publiclyAccessible(false)
        .credentials(credentials)
        .databaseName(DATABASE_NAME)
        .port(PORT)
        .storageEncrypted(true)
        .storageEncryptionKey(key)
        .storageType(StorageType.GP3)
        .allocatedStorage(db.allocatedStorageGb())
        .maxAllocatedStorage(db.maxAllocatedStorageGb())
        .multiAz(db.multiAz())
        .backupRetention(Duration.days(db.backupRetentionDays()))
        .deletionProtection(db.deletionProtection())
        .iamAuthentication(true)
        .monitoringInterval(Duration.seconds(60))
        .autoMinorVersionUpgrade(true)
        .cloudwatchLogsExports(List.of("postgresql", "upgrade"))
        .removalPolicy(removalPolicy(config))
        .build();
  }

  private DatabaseCluster createServerlessCluster(
      InfraConfig config, Network network, IKey key, Credentials credentials) {
    var db = config.database();
    List<IClusterInstance> readers = new ArrayList<>();
    if (db.multiAz()) {
      readers.add(
          ClusterInstance.serverlessV2(
              "Reader", ServerlessV2ClusterInstanceProps.builder().scaleWithWriter(true).build()));
    }
    return DatabaseCluster.Builder.create(this, "Cluster")
        .engine(
            DatabaseClusterEngine.auroraPostgres(
                AuroraPostgresClusterEngineProps.builder()
                    .version(AuroraPostgresEngineVersion.VER_17_6)
                    .build()))
        .writer(ClusterInstance.serverlessV2("Writer"))
        .readers(readers)
        .serverlessV2MinCapacity(db.minAcu())
        .serverlessV2MaxCapacity(db.maxAcu())
        .vpc(network.vpc())
        .vpcSubnets(network.dataSubnetsSelection())
        .securityGroups(List.of(securityGroup))
        .credentials(credentials)
        .defaultDatabaseName(DATABASE_NAME)
        .port(PORT)
        .storageEncrypted(true)
        .storageEncryptionKey(key)
        .backup(BackupProps.builder().retention(Duration.days(db.backupRetentionDays())).build())
        .deletionProtection(db.deletionProtection())
        .iamAuthentication(true)
        .monitoringInterval(Duration.seconds(60))
        .cloudwatchLogsExports(List.of("postgresql"))
        .removalPolicy(removalPolicy(config))
        .build();
  }

  static RemovalPolicy removalPolicy(InfraConfig config) {
    Retention retention = config.operations().removalPolicy();
    return switch (retention) {
      case DESTROY -> RemovalPolicy.DESTROY;
      case RETAIN -> RemovalPolicy.RETAIN;
      case SNAPSHOT -> RemovalPolicy.SNAPSHOT;
    };
  }

  public ISecret secret() {
    return secret;
  }

  /** The Spark job's credentials (writer user); the job never gets the master secret. */
  public ISecret jobSecret() {
    return jobSecret;
  }

  /** The reporting credentials (read-only monitoring views), for people and tools. */
  /** The alarm functions' login (notifier and alarm API). */
  public ISecret alarmsSecret() {
    return alarmsSecret;
  }

  public ISecret readerSecret() {
    return readerSecret;
  }

  /** The application users' rotations: they must depend on the resource that creates the users. */
  public List<SecretRotation> userRotations() {
    return List.copyOf(userRotations);
  }

  public String endpointAddress() {
    return endpointAddress;
  }

  public IMetric cpuUtilization() {
    return cpuUtilization;
  }
}
