package dev.geomonitor.deploy;

import dev.geomonitor.searchsink.SearchSinkConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenSearch resource: index templates, the pipeline version's indexes, aliases that point
 * nowhere yet, and the Dashboards saved objects. All idempotent: templates are put, indexes created
 * if absent, the import overwrites by id. An alias already on another version is left alone; moving
 * it is the reprocessing switch's job, after catch-up.
 */
public final class SearchSetup implements ResourceSetup {
  /**
   * The export the search sink ships (index patterns on the aliases, visualisations, the
   * dashboard).
   */
  public static final String SAVED_OBJECTS_RESOURCE = "/dashboards/geomonitor.ndjson";

  private final SecretSource secrets;
  private final SearchIndexes indexes;
  private final SavedObjectsImporter importer;
  private final IamAccess iam;
  private final byte[] savedObjects;
  private final SinkRoleMapping roleMapping;
  private final IndexReplicas replicas;

  /**
   * @param iam how to sign when the resource names no credentials secret; null: no authentication
   *     (a local node)
   */
  public SearchSetup(
      SecretSource secrets,
      SearchIndexes indexes,
      SavedObjectsImporter importer,
      IamAccess iam,
      byte[] savedObjects) {
    this(secrets, indexes, importer, iam, savedObjects, null);
  }

  /**
   * @param roleMapping maps the {@code SinkRoleArn} property's IAM role to the sink's FGAC role;
   *     null: not supported
   */
  public SearchSetup(
      SecretSource secrets,
      SearchIndexes indexes,
      SavedObjectsImporter importer,
      IamAccess iam,
      byte[] savedObjects,
      SinkRoleMapping roleMapping) {
    this(secrets, indexes, importer, iam, savedObjects, roleMapping, null);
  }

  /**
   * @param replicas sets the {@code Replicas} property's replica count on the indexes; null: not
   *     supported
   */
  public SearchSetup(
      SecretSource secrets,
      SearchIndexes indexes,
      SavedObjectsImporter importer,
      IamAccess iam,
      byte[] savedObjects,
      SinkRoleMapping roleMapping,
      IndexReplicas replicas) {
    this.roleMapping = roleMapping;
    this.replicas = replicas;
    this.secrets = secrets;
    this.indexes = indexes;
    this.importer = importer;
    this.iam = iam;
    this.savedObjects = savedObjects.clone();
  }

  /** SigV4 access with the handler's role. */
  public record IamAccess(String region, RequestSigner signer) {}

  @Override
  public String kind() {
    return "opensearch-setup";
  }

  @Override
  public Map<String, String> apply(CustomResourceRequest request) {
    SearchSetupProperties properties = SearchSetupProperties.from(request.properties());
    Map<String, String> settings = new HashMap<>();
    settings.put("OPENSEARCH_URL", properties.openSearchUrl().toString());
    settings.put("PIPELINE_VERSION", properties.pipelineVersion().label());
    settings.put("SINK_INDEX_PREFIX", properties.indexPrefix());
    // Primary shards of the indexes this resource creates (the sink's templates take the same
    // SINK_INDEX_SHARDS); unset: the sink's default.
    String shards = request.properties().optional("Shards");
    if (shards != null) {
      settings.put("SINK_INDEX_SHARDS", shards);
    }
    RequestSigner signer;
    if (properties.credentialsSecretArn() != null) {
      SecretJson secret = SecretJson.read(secrets, properties.credentialsSecretArn());
      settings.put("OPENSEARCH_AUTH", "basic");
      settings.put("OPENSEARCH_USERNAME", secret.required("username"));
      settings.put("OPENSEARCH_PASSWORD", secret.required("password"));
      signer = RequestSigner.basic(secret.required("username"), secret.required("password"));
    } else if (iam != null) {
      settings.put("OPENSEARCH_AUTH", "sigv4");
      settings.put("OPENSEARCH_REGION", iam.region());
      signer = iam.signer();
    } else {
      settings.put("OPENSEARCH_AUTH", "none");
      signer = RequestSigner.none();
    }
    SearchSinkConfig config = SearchSinkConfig.fromSettings(settings);
    String aliases = indexes.install(config, properties.pipelineVersion());
    int imported =
        importer.importObjects(
            properties.dashboardsUrl(), signer, "geomonitor.ndjson", savedObjects);
    Map<String, String> data = new LinkedHashMap<>();
    data.put("PipelineVersion", properties.pipelineVersion().label());
    data.put("Aliases", aliases);
    data.put("SavedObjectsImported", Integer.toString(imported));
    data.put("DashboardsUrl", properties.dashboardsUrl().toString());
    String replicaCount = request.properties().optional("Replicas");
    if (replicaCount != null) {
      if (replicas == null) {
        throw new IllegalStateException(
            "Replicas is set but this handler cannot set index settings");
      }
      int count = Math.toIntExact(ResourceProperties.parseLong("Replicas", replicaCount));
      replicas.apply(
          properties.openSearchUrl(),
          signer,
          IndexReplicas.indexes(config.indexLayout(), properties.pipelineVersion()),
          count);
      data.put("Replicas", Integer.toString(count));
    }
    String sinkRole = request.properties().optional("SinkRoleArn");
    if (sinkRole != null) {
      if (roleMapping == null) {
        throw new IllegalStateException("SinkRoleArn is set but this handler cannot map roles");
      }
      roleMapping.apply(properties.openSearchUrl(), signer, properties.indexPrefix(), sinkRole);
      data.put("SinkRole", SinkRoleMapping.ROLE);
    }
    String alarmsRole = request.properties().optional("AlarmsRoleArn");
    if (alarmsRole != null) {
      if (roleMapping == null) {
        throw new IllegalStateException("AlarmsRoleArn is set but this handler cannot map roles");
      }
      roleMapping.applyAlarmsWriter(
          properties.openSearchUrl(), signer, properties.indexPrefix(), alarmsRole);
      data.put("AlarmsRole", SinkRoleMapping.ALARMS_ROLE);
    }
    return data;
  }

  /**
   * Indexes and dashboards stay: they hold the indexed history, and the domain's removal policy
   * decides their fate with the stack. Deleting them here would also break a rollback that
   * re-creates this resource against the same domain.
   */
  @Override
  public Map<String, String> delete(CustomResourceRequest request) {
    return Map.of("Retained", "true");
  }

  public static byte[] bundledSavedObjects() {
    try (InputStream in = SearchSetup.class.getResourceAsStream(SAVED_OBJECTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            SAVED_OBJECTS_RESOURCE
                + " is not on the classpath: the handler jar must"
                + " include the search-sink module");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SAVED_OBJECTS_RESOURCE, e);
    }
  }
}
