package dev.geomonitor.deploy;

import java.net.URI;

/** Imports Dashboards saved objects (an NDJSON export) into OpenSearch Dashboards. */
@FunctionalInterface
public interface SavedObjectsImporter {

  /**
   * @return how many objects Dashboards reports imported
   */
  int importObjects(URI dashboardsUrl, RequestSigner signer, String fileName, byte[] ndjson);
}
