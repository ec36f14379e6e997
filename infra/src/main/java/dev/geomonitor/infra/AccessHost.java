package dev.geomonitor.infra;

import java.util.List;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceArchitecture;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * The way in for people: a small instance without inbound rules or public address that SSM Session
 * Manager reaches (through NAT or the ssm/ssmmessages/ec2messages endpoints). Port forwarding
 * through it ({@code AWS-StartPortForwardingSessionToRemoteHost}) opens Dashboards and PostgreSQL
 * on the operator's machine; it sits in the workload security group, which the domain and the
 * database admit.
 */
public final class AccessHost extends Construct {
  private final Instance instance;

  public AccessHost(Construct scope, String id, InfraConfig config, Network network, IKey key) {
    super(scope, id);
    Role role =
        Role.Builder.create(this, "Role")
            .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
            .description("Session Manager port forwarding host of the geomonitor stack")
            .managedPolicies(
                List.of(ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore")))
            .build();
    InstanceType type = new InstanceType(config.access().instanceType());
    this.instance =
        Instance.Builder.create(this, "Instance")
            .vpc(network.vpc())
            .vpcSubnets(network.appSubnetsSelection())
            .securityGroup(network.workloads())
            .instanceType(type)
            .machineImage(
                MachineImage.latestAmazonLinux2023(
                    AmazonLinux2023ImageSsmParameterProps.builder()
                        .cpuType(
                            type.getArchitecture() == InstanceArchitecture.ARM_64
                                ? AmazonLinuxCpuType.ARM_64
                                : AmazonLinuxCpuType.X86_64)
                        .build()))
            .role(role)
            .requireImdsv2(true)
            .detailedMonitoring(true)
            .ebsOptimized(true)
            .blockDevices(
                List.of(
                    BlockDevice.builder()
                        .deviceName("/dev/xvda")
                        .volume(
                            BlockDeviceVolume.ebs(
                                8,
                                EbsDeviceOptions.builder()
                                    .encrypted(true)
                                    .kmsKey(key)
                                    .volumeType(EbsDeviceVolumeType.GP3)
                                    .deleteOnTermination(true)
                                    .build()))
                        .build()))
            .build();
  }

  public Instance instance() {
    return instance;
  }
}
