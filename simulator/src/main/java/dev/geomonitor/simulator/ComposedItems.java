package dev.geomonitor.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The items of one response with what was done to them.
 *
 * @param items the items in serving order
 * @param kinds the true kind of each item, parallel to {@code items}
 * @param malformed one entry per corrupted item
 */
record ComposedItems(
    List<ObjectNode> items,
    List<InstrumentKind> kinds,
    List<MalformedKind> malformed,
    int duplicates,
    int late,
    int veryLate,
    int future,
    int corrected) {}
