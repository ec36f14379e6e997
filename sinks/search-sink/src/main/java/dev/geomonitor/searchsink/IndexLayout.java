package dev.geomonitor.searchsink;

import dev.geomonitor.domain.PipelineVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Names of aliases, indexes and templates. A prefix (empty in production) keeps tests sharing one
 * node apart.
 *
 * @param prefix prepended to every name, e.g. {@code t42-}
 * @param shards primary shards of each index the templates create (1 to {@value #MAX_SHARDS})
 */
public record IndexLayout(String prefix, int shards) {
  /** OpenSearch's own limit on primary shards per index. */
  public static final int MAX_SHARDS = 1024;

  /** One shard per index: what a monitoring site's volume needs (see the search-sink README). */
  public IndexLayout(String prefix) {
    this(prefix, 1);
  }

  public IndexLayout {
    if (shards < 1 || shards > MAX_SHARDS) {
      throw new IllegalArgumentException(
          "SINK_INDEX_SHARDS must be between 1 and " + MAX_SHARDS + "; got " + shards);
    }
    prefix = prefix == null ? "" : prefix;
    if (!prefix.equals(prefix.toLowerCase(Locale.ROOT))
        || prefix.contains(",")
        || prefix.contains("*")) {
      throw new IllegalArgumentException(
          "SINK_INDEX_PREFIX must be lower case without ',' or '*' (OpenSearch index names); got '"
              + prefix
              + "'");
    }
  }

  /** The stable name readers and dashboards query: {@code readings}. */
  public String alias(DocumentKind kind) {
    return prefix + kind.baseName();
  }

  /** {@code readings-v1}. */
  public String index(DocumentKind kind, PipelineVersion version) {
    return version.index(alias(kind));
  }

  public String deadLetterIndex() {
    return unversionedIndex(DocumentKind.DEAD_LETTERS);
  }

  /** {@code alarms-v1}: the index behind the {@code alarms} alias. */
  public String alarmsIndex() {
    return unversionedIndex(DocumentKind.ALARMS);
  }

  private String unversionedIndex(DocumentKind kind) {
    return index(kind, PipelineVersion.parse(DocumentKind.UNVERSIONED_INDEX_VERSION));
  }

  public String templateName(DocumentKind kind) {
    return prefix + "geomonitor-" + kind.baseName();
  }

  /** The pattern a template applies to: every version of one kind, {@code readings-v*}. */
  public String indexPattern(DocumentKind kind) {
    return alias(kind) + "-v*";
  }

  public static List<DocumentKind> versionedKinds() {
    return Arrays.stream(DocumentKind.values()).filter(DocumentKind::versioned).toList();
  }
}
