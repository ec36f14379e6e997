package dev.geomonitor.searchsink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The index templates, which own the mappings (the sink never relies on dynamic mapping). Each
 * kind's settings and mappings live in {@code templates/<kind>.json} beside this class.
 */
public final class IndexTemplates {
  /** Above the built-in templates (priority 0..100 by convention), so ours win for our patterns. */
  private static final int PRIORITY = 200;

  private IndexTemplates() {}

  /** The settings and mappings of a kind, as stored in the resource. */
  public static ObjectNode template(DocumentKind kind) {
    String resource = "templates/" + kind.baseName() + ".json";
    try (InputStream in = IndexTemplates.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "index template resource missing from the jar: " + resource);
      }
      return (ObjectNode) Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("index template " + resource + " is not valid JSON", e);
    }
  }

  /** The body of {@code PUT _index_template/<name>} for a kind under a layout. */
  public static ObjectNode composableTemplate(DocumentKind kind, IndexLayout layout) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.putArray("index_patterns").add(layout.indexPattern(kind));
    body.put("priority", PRIORITY);
    ObjectNode template = template(kind);
    // Every template resource has settings.index (IndexTemplatesTest): the layout sets its shards.
    ((ObjectNode) template.path("settings").path("index")).put("number_of_shards", layout.shards());
    body.set("template", template);
    body.putObject("_meta").put("owner", "geomonitor search-sink");
    return body;
  }

  /**
   * Every field path a kind's mapping declares, with object fields flattened to dotted names
   * ({@code reasons.code}).
   */
  public static Set<String> fieldPaths(DocumentKind kind) {
    return new LinkedHashSet<>(fieldTypes(kind).keySet());
  }

  /** The mapped type of each field path ({@code ts -> date}). */
  public static Map<String, String> fieldTypes(DocumentKind kind) {
    Map<String, String> types = new LinkedHashMap<>();
    collectTypes("", template(kind).path("mappings").path("properties"), types);
    return types;
  }

  private static void collectTypes(String prefix, JsonNode properties, Map<String, String> into) {
    Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = prefix + field.getKey();
      into.put(path, field.getValue().path("type").asText("object"));
      if (field.getValue().has("properties")) {
        collectTypes(path + ".", field.getValue().get("properties"), into);
      }
    }
  }
}
