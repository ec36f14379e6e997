package dev.geomonitor.deploy;

import java.util.Map;

/**
 * The deploy-time work behind one custom resource. Implementations must be idempotent:
 * CloudFormation retries.
 */
public interface ResourceSetup {

  /** What the resource is, for ids and failure reasons: {@code kafka-topics}. */
  String kind();

  /**
   * Create and Update: bring the target to what the properties describe. @return the resource's
   * Data
   */
  Map<String, String> apply(CustomResourceRequest request);

  /** Delete. @return the resource's Data */
  Map<String, String> delete(CustomResourceRequest request);
}
