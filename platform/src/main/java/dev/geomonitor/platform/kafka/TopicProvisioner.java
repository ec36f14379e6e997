package dev.geomonitor.platform.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics if they are absent. Idempotent: an existing topic is left exactly
 * as it is (its partitions and retention are infrastructure's to change, not a poller's). The local
 * runner calls it; on AWS the infrastructure creates the topics, so the Lambda never does.
 */
public final class TopicProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Admin admin;
  private final Duration timeout;

  public TopicProvisioner(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /**
   * @return the names of the topics this call created (empty when all existed)
   */
  public List<String> ensure(Collection<TopicSpec> specs) throws InterruptedException {
    List<NewTopic> requested = new ArrayList<>();
    for (TopicSpec s : specs) {
      requested.add(
          new NewTopic(s.name(), s.partitions(), s.replicationFactor()).configs(s.configs()));
    }
    CreateTopicsResult result = admin.createTopics(requested);
    List<String> created = new ArrayList<>();
    for (Map.Entry<String, KafkaFuture<Void>> e : result.values().entrySet()) {
      try {
        e.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        created.add(e.getKey());
        LOG.info("created topic {}", e.getKey());
      } catch (ExecutionException ex) {
        if (!(ex.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException(
              "could not create topic '"
                  + e.getKey()
                  + "': "
                  + ex.getCause().getMessage()
                  + " (check the bootstrap servers, the ACLs/IAM policy and the replication factor)",
              ex.getCause());
        }
        LOG.info("topic {} already exists; left unchanged", e.getKey());
      } catch (TimeoutException ex) {
        throw new IllegalStateException(
            "creating topic '"
                + e.getKey()
                + "' got no answer within "
                + timeout.toMillis()
                + " ms: is the broker at the configured bootstrap servers reachable?",
            ex);
      }
    }
    return created;
  }
}
