package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dashboards saved objects must import cleanly and only use what the index templates define.
 */
class SavedObjectsTest {
  private static final Pattern QUERY_FIELD = Pattern.compile("([a-z_.]+):");
  private static final Pattern SOURCE_FIELD = Pattern.compile("_source\\.([a-z_]+)");
  private static final Pattern AGG_FIELD_KEYS =
      Pattern.compile("field|sortField|terms_field|time_field");

  private static List<JsonNode> objects;
  private static Map<String, JsonNode> byId;

  @BeforeAll
  static void load() throws IOException {
    objects = new ArrayList<>();
    try (InputStream in =
        SavedObjectsTest.class.getResourceAsStream("/dashboards/geomonitor.ndjson")) {
      assertThat(in).as("dashboards/geomonitor.ndjson on the classpath").isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          objects.add(Json.MAPPER.readTree(line));
        }
      }
    }
    byId = new HashMap<>();
    objects.forEach(o -> byId.put(o.path("type").asText() + "/" + o.path("id").asText(), o));
  }

  private static List<JsonNode> ofType(String type) {
    return objects.stream().filter(o -> type.equals(o.path("type").asText())).toList();
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("embedded JSON does not parse: " + json, e);
    }
  }

  /** Index pattern title (an alias) -> the kind whose template defines its fields. */
  private static DocumentKind kindOfTitle(String title) {
    for (DocumentKind kind : DocumentKind.values()) {
      if (new IndexLayout("").alias(kind).equals(title)) {
        return kind;
      }
    }
    throw new AssertionError(
        "index pattern title '" + title + "' is not one of the aliases the sink maintains");
  }

  private static DocumentKind kindOfPatternId(String id) {
    JsonNode pattern = byId.get("index-pattern/" + id);
    assertThat(pattern).as("index pattern " + id).isNotNull();
    return kindOfTitle(pattern.path("attributes").path("title").asText());
  }

  private static void assertFields(String owner, DocumentKind kind, Set<String> fields) {
    assertThat(IndexTemplates.fieldPaths(kind))
        .as("fields used by %s must exist in the %s template", owner, kind)
        .containsAll(fields);
  }

  @Test
  void everyLineIsOneSavedObjectWithAUniqueId() {
    assertThat(objects).hasSizeGreaterThanOrEqualTo(10);
    assertThat(objects)
        .allSatisfy(
            o -> {
              assertThat(o.isObject()).isTrue();
              assertThat(o.path("id").asText()).isNotBlank();
              assertThat(o.path("type").asText())
                  .isIn("index-pattern", "visualization", "search", "dashboard");
              assertThat(o.path("attributes").path("title").asText()).isNotBlank();
            });
    assertThat(byId).hasSize(objects.size());
  }

  @Test
  void indexPatternsAreOnTheAliasesWithADateTimeField() {
    Set<String> titles = new HashSet<>();
    for (JsonNode p : ofType("index-pattern")) {
      String title = p.path("attributes").path("title").asText();
      titles.add(title);
      if (kindOfTitle(title) == DocumentKind.ALARMS) {
        // Alarms are current state: an alarm open for weeks must show whatever the time picker
        // says.
        assertThat(p.path("attributes").has("timeFieldName")).as("alarms time field").isFalse();
        continue;
      }
      String timeField = p.path("attributes").path("timeFieldName").asText();
      assertThat(IndexTemplates.fieldTypes(kindOfTitle(title))).containsEntry(timeField, "date");
    }
    assertThat(titles).contains("readings", "aggregates", "alerts", "deadletters", "alarms");
  }

  @Test
  void everyReferenceAndDashboardPanelPointsAtAnExistingObject() {
    for (JsonNode o : objects) {
      Set<String> names = new HashSet<>();
      for (JsonNode ref : o.path("references")) {
        names.add(ref.path("name").asText());
        assertThat(byId)
            .as("%s references %s", o.path("id").asText(), ref)
            .containsKey(ref.path("type").asText() + "/" + ref.path("id").asText());
      }
      JsonNode source = o.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON");
      if (!source.isMissingNode()) {
        JsonNode search = parse(source.asText());
        if (search.has("indexRefName")) {
          assertThat(names).contains(search.path("indexRefName").asText());
        }
      }
    }
    Set<String> onDashboard = new HashSet<>();
    for (JsonNode dashboard : ofType("dashboard")) {
      Set<String> refNames = new HashSet<>();
      dashboard.path("references").forEach(r -> refNames.add(r.path("name").asText()));
      JsonNode panels = parse(dashboard.path("attributes").path("panelsJSON").asText());
      assertThat(panels.size()).isGreaterThanOrEqualTo(4);
      panels.forEach(p -> assertThat(refNames).contains(p.path("panelRefName").asText()));
      dashboard.path("references").forEach(r -> onDashboard.add(r.path("id").asText()));
    }
    assertThat(onDashboard)
        .as("every visualization and saved search is on a dashboard")
        .containsAll(
            objects.stream()
                .filter(o -> Set.of("visualization", "search").contains(o.path("type").asText()))
                .map(o -> o.path("id").asText())
                .toList());
  }

  @Test
  void theAlarmsDashboardShowsOpenAlarmsTimeToAcknowledgeStaleInstrumentsAndRecentAlarms() {
    JsonNode dashboard = byId.get("dashboard/geomonitor-alarms-dashboard");
    assertThat(dashboard).as("the Alarms dashboard").isNotNull();
    assertThat(dashboard.path("attributes").path("title").asText()).isEqualTo("Alarms");
    List<String> panels = new ArrayList<>();
    dashboard.path("references").forEach(r -> panels.add(r.path("id").asText()));
    assertThat(panels)
        .containsExactlyInAnyOrder(
            "geomonitor-open-alarms-by-level",
            "geomonitor-time-to-acknowledge",
            "geomonitor-stale-instruments",
            "geomonitor-recent-alarms");
    for (String id : panels) {
      JsonNode o =
          byId.getOrDefault("visualization/" + id, byId.get("search/" + id)); // either type
      assertThat(kindOfPatternId(o.path("references").get(0).path("id").asText()))
          .as(id + " reads the alarms alias")
          .isEqualTo(DocumentKind.ALARMS);
    }
    assertThat(query("visualization/geomonitor-open-alarms-by-level")).isEqualTo("open:true");
    assertThat(query("visualization/geomonitor-stale-instruments"))
        .isEqualTo("kind:STALE AND open:true");
    JsonNode ack =
        parse(
            byId.get("visualization/geomonitor-time-to-acknowledge")
                .path("attributes")
                .path("visState")
                .asText());
    assertThat(ack.path("aggs").toString()).contains("\"seconds_to_acknowledge\"");
    assertThat(IndexTemplates.fieldTypes(DocumentKind.ALARMS))
        .containsEntry("seconds_to_acknowledge", "long")
        .containsEntry("open", "boolean")
        .containsEntry("level", "keyword")
        .containsEntry("series", "keyword");
  }

  private static String query(String key) {
    return parse(
            byId.get(key)
                .path("attributes")
                .path("kibanaSavedObjectMeta")
                .path("searchSourceJSON")
                .asText())
        .path("query")
        .path("query")
        .asText();
  }

  @Test
  void standardVisualizationsAndSavedSearchesUseOnlyTemplateFields() {
    for (JsonNode o : objects) {
      String type = o.path("type").asText();
      if (!Set.of("visualization", "search").contains(type) || o.path("references").isEmpty()) {
        continue;
      }
      DocumentKind kind = kindOfPatternId(o.path("references").get(0).path("id").asText());
      Set<String> fields = new HashSet<>();
      if (type.equals("visualization")) {
        for (JsonNode agg : parse(o.path("attributes").path("visState").asText()).path("aggs")) {
          agg.path("params")
              .fields()
              .forEachRemaining(
                  e -> {
                    if (AGG_FIELD_KEYS.matcher(e.getKey()).matches()) {
                      fields.add(e.getValue().asText());
                    }
                  });
        }
      } else {
        o.path("attributes").path("columns").forEach(c -> fields.add(c.asText()));
        o.path("attributes").path("sort").forEach(s -> fields.add(s.get(0).asText()));
      }
      String query =
          parse(
                  o.path("attributes")
                      .path("kibanaSavedObjectMeta")
                      .path("searchSourceJSON")
                      .asText())
              .path("query")
              .path("query")
              .asText();
      fields.addAll(queryFields(query));
      assertThat(fields).as(o.path("id").asText() + " uses fields").isNotEmpty();
      assertFields(o.path("id").asText(), kind, fields);
    }
  }

  @Test
  void timeSeriesPanelsUseTemplateFieldsAndDrawTheDefaultTriggerLevels() {
    List<JsonNode> tsvb =
        ofType("visualization").stream()
            .map(o -> parse(o.path("attributes").path("visState").asText()))
            .filter(v -> v.path("type").asText().equals("metrics"))
            .toList();
    assertThat(tsvb).isNotEmpty();
    for (JsonNode vis : tsvb) {
      JsonNode params = vis.path("params");
      DocumentKind kind = kindOfTitle(params.path("index_pattern").asText());
      Set<String> fields = new HashSet<>(Set.of(params.path("time_field").asText()));
      String filter = params.path("filter").path("query").asText();
      fields.addAll(queryFields(filter));
      List<Double> staticLines = new ArrayList<>();
      for (JsonNode series : params.path("series")) {
        if (series.has("terms_field")) {
          fields.add(series.path("terms_field").asText());
        }
        for (JsonNode metric : series.path("metrics")) {
          if (metric.has("field")) {
            fields.add(metric.path("field").asText());
          }
          if (metric.path("type").asText().equals("static")) {
            staticLines.add(Double.parseDouble(metric.path("value").asText()));
          }
        }
      }
      assertFields(vis.path("title").asText(), kind, fields);
      for (JsonNode annotation : params.path("annotations")) {
        DocumentKind annotated = kindOfTitle(annotation.path("index_pattern").asText());
        Set<String> annotationFields =
            new HashSet<>(List.of(annotation.path("fields").asText().split(",")));
        annotationFields.add(annotation.path("time_field").asText());
        assertFields(vis.path("title").asText() + " annotations", annotated, annotationFields);
      }
      String instrument = filter.substring(filter.indexOf(':') + 1).trim();
      TriggerLevels levels = TriggerLevelCatalog.defaults().levelsFor(instrument, "any");
      assertThat(staticLines)
          .as("trigger lines of " + instrument)
          .containsExactlyInAnyOrder(
              levels.alert(),
              -levels.alert(),
              levels.alarm(),
              -levels.alarm(),
              levels.action(),
              -levels.action());
    }
  }

  @Test
  void instrumentMapQueriesOnlyTemplateFields() {
    List<JsonNode> specs =
        ofType("visualization").stream()
            .map(o -> parse(o.path("attributes").path("visState").asText()))
            .filter(v -> v.path("type").asText().equals("vega"))
            .map(v -> parse(v.path("params").path("spec").asText()))
            .toList();
    assertThat(specs).hasSize(1);
    JsonNode spec = specs.get(0);
    for (JsonNode data : spec.path("data")) {
      JsonNode url = data.path("url");
      DocumentKind kind = kindOfTitle(url.path("index").asText());
      Set<String> fields = new HashSet<>(Set.of(url.path("%timefield%").asText()));
      collectFieldValues(url.path("body"), fields);
      Matcher m = SOURCE_FIELD.matcher(data.toString());
      while (m.find()) {
        fields.add(m.group(1));
      }
      assertThat(fields).contains("trigger_status", "location", "borehole_number");
      assertFields("instrument map", kind, fields);
    }
  }

  private static void collectFieldValues(JsonNode node, Set<String> into) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                if (e.getKey().equals("field")) {
                  into.add(e.getValue().asText());
                } else if (e.getKey().equals("_source")) {
                  e.getValue().forEach(f -> into.add(f.asText()));
                } else if (e.getKey().equals("sort")) {
                  e.getValue().forEach(s -> s.fieldNames().forEachRemaining(into::add));
                } else {
                  collectFieldValues(e.getValue(), into);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectFieldValues(n, into));
    }
  }

  private static Set<String> queryFields(String query) {
    Set<String> fields = new HashSet<>();
    Matcher m = QUERY_FIELD.matcher(query);
    while (m.find()) {
      fields.add(m.group(1));
    }
    return fields;
  }
}
