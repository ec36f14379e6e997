package dev.geomonitor.deploy;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.searchsink.IndexAdmin;
import dev.geomonitor.searchsink.OpenSearchClients;
import dev.geomonitor.searchsink.OpenSearchRest;
import dev.geomonitor.searchsink.SearchSinkConfig;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Installs templates, versioned indexes and aliases; {@link #openSearch()} is the search sink's own
 * IndexAdmin.
 */
@FunctionalInterface
public interface SearchIndexes {

  /**
   * @return where each alias points afterwards, e.g. {@code readings->[readings-v1], ...}
   */
  String install(SearchSinkConfig config, PipelineVersion version);

  static SearchIndexes openSearch() {
    return (config, version) -> {
      OpenSearchClient client = OpenSearchClients.create(config);
      try {
        IndexAdmin admin = new IndexAdmin(new OpenSearchRest(client), config.indexLayout());
        admin.ensure(version);
        return admin.describeAliases();
      } finally {
        close(client);
      }
    };
  }

  private static void close(OpenSearchClient client) {
    try {
      client._transport().close();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot close the OpenSearch client", e);
    }
  }
}
