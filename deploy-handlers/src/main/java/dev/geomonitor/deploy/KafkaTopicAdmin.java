package dev.geomonitor.deploy;

import dev.geomonitor.platform.kafka.KafkaAuth;
import dev.geomonitor.platform.kafka.KafkaClients;
import dev.geomonitor.platform.kafka.KafkaConnection;
import dev.geomonitor.platform.kafka.TopicProvisioner;
import dev.geomonitor.platform.kafka.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;

/**
 * {@link TopicAdmin} over Kafka's Admin client, with the pipeline's {@link KafkaClients} settings
 * (IAM on MSK).
 */
public final class KafkaTopicAdmin implements TopicAdmin {
  /**
   * One admin request's bound, and one call's with its retries: a deploy step fails fast with a
   * clear error.
   */
  private static final Duration ADMIN_REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private static final Duration ADMIN_API_TIMEOUT = Duration.ofSeconds(30);

  private final Admin admin;
  private final TopicProvisioner provisioner;
  private final Duration timeout;

  public KafkaTopicAdmin(Admin admin, Duration timeout) {
    this.admin = admin;
    this.provisioner = new TopicProvisioner(admin, timeout);
    this.timeout = timeout;
  }

  /**
   * The factory the handler uses: the pipeline's admin client settings, authenticated as {@code
   * auth} says.
   */
  public static TopicAdmin.Factory factory(KafkaAuth auth, Duration timeout) {
    return bootstrapServers -> {
      KafkaConnection connection =
          new KafkaConnection(bootstrapServers, auth, "geomonitor-deploy-topics");
      return new KafkaTopicAdmin(
          Admin.create(KafkaClients.admin(connection, ADMIN_REQUEST_TIMEOUT, ADMIN_API_TIMEOUT)),
          timeout);
    };
  }

  @Override
  public List<String> createMissing(List<TopicSpec> specs) {
    try {
      return provisioner.ensure(specs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  @Override
  public Map<String, TopicState> describe(Collection<String> names) {
    if (names.isEmpty()) {
      return Map.of();
    }
    Map<String, TopicDescription> descriptions =
        await("describe topics " + names, admin.describeTopics(names).allTopicNames());
    List<ConfigResource> resources = new ArrayList<>();
    for (String name : names) {
      resources.add(new ConfigResource(ConfigResource.Type.TOPIC, name));
    }
    Map<ConfigResource, Config> configs =
        await("describe configs of " + names, admin.describeConfigs(resources).all());
    Map<String, TopicState> states = new LinkedHashMap<>();
    for (String name : names) {
      ConfigEntry retention =
          configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).get("retention.ms");
      states.put(
          name,
          new TopicState(
              name,
              descriptions.get(name).partitions().size(),
              retention == null ? null : retention.value()));
    }
    return states;
  }

  @Override
  public void increasePartitions(Map<String, Integer> totals) {
    Map<String, NewPartitions> request = new LinkedHashMap<>();
    totals.forEach((name, total) -> request.put(name, NewPartitions.increaseTo(total)));
    await("increase partitions " + totals, admin.createPartitions(request).all());
  }

  @Override
  public void setRetention(String topic, String retentionMs) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    AlterConfigOp set =
        new AlterConfigOp(new ConfigEntry("retention.ms", retentionMs), AlterConfigOp.OpType.SET);
    await(
        "set retention.ms=" + retentionMs + " on " + topic,
        admin.incrementalAlterConfigs(Map.of(resource, List.of(set))).all());
  }

  @Override
  public void close() {
    admin.close(timeout);
  }

  private <T> T await(String what, KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot "
              + what
              + ": "
              + e.getCause().getMessage()
              + " (check the bootstrap servers and the kafka-cluster:* IAM permissions)",
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "cannot "
              + what
              + ": no answer within "
              + timeout.toMillis()
              + " ms; is the cluster reachable from the handler's subnets?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }
}
