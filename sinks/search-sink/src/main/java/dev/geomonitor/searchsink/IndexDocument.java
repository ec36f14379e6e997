package dev.geomonitor.searchsink;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A record turned into the document to index.
 *
 * @param id the natural-key id: a replay of the same record overwrites this document
 * @param approxBytes the size the document adds to a bulk request, for the byte bound
 */
public record IndexDocument(SinkRecord source, DocumentKind kind, String index, String id, ObjectNode body,
    long approxBytes) {}
