package dev.geomonitor.searchsink;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A record turned into the document to index.
 *
 * @param id the natural-key id: a replay of the same record overwrites this document
 * @param approxBytes the size the document adds to a bulk request, for the byte bound
 * @param externalVersion for aggregates, the window's {@code revision}: indexed with {@code
 *     version_type=external_gte} so an older emission never overwrites a newer one (whatever order
 *     retries and threads deliver them in); null for documents whose content never changes under
 *     one id
 */
public record IndexDocument(
    SinkRecord source,
    DocumentKind kind,
    String index,
    String id,
    ObjectNode body,
    long approxBytes,
    Long externalVersion) {
  public IndexDocument(
      SinkRecord source,
      DocumentKind kind,
      String index,
      String id,
      ObjectNode body,
      long approxBytes) {
    this(source, kind, index, id, body, approxBytes, null);
  }
}
