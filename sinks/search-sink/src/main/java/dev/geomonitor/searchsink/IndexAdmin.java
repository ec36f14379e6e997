package dev.geomonitor.searchsink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.PipelineVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the index templates, creates the versioned indexes and their aliases, and moves the
 * aliases from one pipeline version to another. Every operation is idempotent: run it at each
 * start.
 */
public final class IndexAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(IndexAdmin.class);

  private final OpenSearchRest rest;
  private final IndexLayout layout;

  public IndexAdmin(OpenSearchRest rest, IndexLayout layout) {
    this.rest = rest;
    this.layout = layout;
  }

  /**
   * Puts (or overwrites) the template of every kind; only indexes created afterwards use a changed
   * template.
   */
  public void installTemplates() {
    for (DocumentKind kind : DocumentKind.values()) {
      rest.expectOk(
          "PUT",
          "/_index_template/" + layout.templateName(kind),
          IndexTemplates.composableTemplate(kind, layout));
    }
  }

  /**
   * Templates, the indexes of {@code version}, the dead-letter index and the alarms index; each
   * alias that points nowhere yet is pointed at them. An alias that already points at another
   * version is left alone: only {@link #switchAliases} moves it.
   */
  public void ensure(PipelineVersion version) {
    installTemplates();
    for (DocumentKind kind : IndexLayout.versionedKinds()) {
      ensureIndexWithAlias(kind, layout.index(kind, version));
    }
    ensureIndexWithAlias(DocumentKind.DEAD_LETTERS, layout.deadLetterIndex());
    ensureIndexWithAlias(DocumentKind.ALARMS, layout.alarmsIndex());
  }

  /**
   * The alarms template, index and alias only: what the alarm processor makes sure of before it
   * writes, so it works whether or not the sink's setup ran first. Idempotent.
   */
  public void ensureAlarms() {
    rest.expectOk(
        "PUT",
        "/_index_template/" + layout.templateName(DocumentKind.ALARMS),
        IndexTemplates.composableTemplate(DocumentKind.ALARMS, layout));
    ensureIndexWithAlias(DocumentKind.ALARMS, layout.alarmsIndex());
  }

  /**
   * Creates the indexes of a version without touching any alias (reprocessing fills them before the
   * switch).
   */
  public void createIndexes(PipelineVersion version) {
    installTemplates();
    for (DocumentKind kind : IndexLayout.versionedKinds()) {
      createIfAbsent(layout.index(kind, version));
    }
  }

  /** The indexes an alias currently points at (empty when the alias does not exist). */
  public List<String> aliasTargets(DocumentKind kind) {
    OpenSearchRest.Reply reply = rest.call("GET", "/_alias/" + layout.alias(kind), null);
    if (reply.status() == 404) {
      return List.of();
    }
    if (!reply.ok()) {
      throw new IllegalStateException(
          "GET /_alias/"
              + layout.alias(kind)
              + " answered "
              + reply.status()
              + ": "
              + reply.body());
    }
    List<String> indexes = new ArrayList<>();
    reply.body().fieldNames().forEachRemaining(indexes::add);
    return indexes;
  }

  /**
   * Moves the readings, aggregates and alerts aliases from {@code from}'s indexes to {@code to}'s
   * in ONE {@code _aliases} call, so readers never see a mix of versions. Fails (changing nothing)
   * if an alias is not on {@code from}.
   */
  public void switchAliases(PipelineVersion from, PipelineVersion to) {
    if (from.equals(to)) {
      throw new IllegalArgumentException(
          "switchAliases needs two different versions, got " + from + " twice");
    }
    for (DocumentKind kind : IndexLayout.versionedKinds()) {
      List<String> targets = aliasTargets(kind);
      if (!targets.equals(List.of(layout.index(kind, from)))) {
        throw new IllegalStateException(
            "alias "
                + layout.alias(kind)
                + " points at "
                + targets
                + ", not at "
                + layout.index(kind, from)
                + ": switching "
                + from
                + " -> "
                + to
                + " refused, nothing changed");
      }
    }
    createIndexes(to);
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode actions = body.putArray("actions");
    for (DocumentKind kind : IndexLayout.versionedKinds()) {
      ObjectNode remove = actions.addObject().putObject("remove");
      remove.put("index", layout.index(kind, from));
      remove.put("alias", layout.alias(kind));
      // Without it a remove that finds nothing is a no-op, and the add would leave the alias on two
      // versions.
      remove.put("must_exist", true);
      ObjectNode add = actions.addObject().putObject("add");
      add.put("index", layout.index(kind, to));
      add.put("alias", layout.alias(kind));
    }
    OpenSearchRest.Reply reply = rest.call("POST", "/_aliases", body);
    if (!reply.ok()) {
      throw new IllegalStateException(
          "switching aliases "
              + from
              + " -> "
              + to
              + " failed (nothing changed): "
              + reply.status()
              + " "
              + reply.body()
              + "; check with GET /_alias that every alias is on "
              + from);
    }
    LOG.info(
        "aliases {} now point at {}",
        IndexLayout.versionedKinds().stream().map(layout::alias).toList(),
        to);
  }

  /** Deletes a version's indexes; refuses while any alias still points at one of them. */
  public void dropVersion(PipelineVersion version) {
    List<String> indexes =
        IndexLayout.versionedKinds().stream().map(k -> layout.index(k, version)).toList();
    for (DocumentKind kind : IndexLayout.versionedKinds()) {
      List<String> targets = aliasTargets(kind);
      if (targets.stream().anyMatch(indexes::contains)) {
        throw new IllegalStateException(
            "alias "
                + layout.alias(kind)
                + " still points at "
                + targets
                + ": switch it to another version before dropping "
                + version);
      }
    }
    rest.expectOk("DELETE", "/" + String.join(",", indexes) + "?ignore_unavailable=true", null);
    LOG.info("dropped indexes {}", indexes);
  }

  private void ensureIndexWithAlias(DocumentKind kind, String index) {
    createIfAbsent(index);
    if (aliasTargets(kind).isEmpty()) {
      ObjectNode body = Json.MAPPER.createObjectNode();
      ObjectNode add = body.putArray("actions").addObject().putObject("add");
      add.put("index", index);
      add.put("alias", layout.alias(kind));
      rest.expectOk("POST", "/_aliases", body);
    }
  }

  private void createIfAbsent(String index) {
    if (rest.call("HEAD", "/" + index, null).ok()) {
      return;
    }
    OpenSearchRest.Reply reply = rest.call("PUT", "/" + index, null);
    if (!reply.ok() && !isAlreadyExists(reply.body())) {
      throw new IllegalStateException(
          "creating index " + index + " answered " + reply.status() + ": " + reply.body());
    }
  }

  /** Two sink instances starting together race on creation; the loser sees this and carries on. */
  private static boolean isAlreadyExists(JsonNode body) {
    return "resource_already_exists_exception".equals(body.path("error").path("type").asText());
  }

  /** For logs: where every alias points now. */
  public String describeAliases() {
    return IndexLayout.versionedKinds().stream()
        .map(k -> layout.alias(k) + "->" + aliasTargets(k))
        .collect(Collectors.joining(", "));
  }
}
