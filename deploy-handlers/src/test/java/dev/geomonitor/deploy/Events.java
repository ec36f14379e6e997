package dev.geomonitor.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** The custom-resource event fixtures in src/test/resources/events. */
final class Events {
  private Events() {}

  static ObjectNode json(String name) {
    try (InputStream in = Events.class.getResourceAsStream("/events/" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture /events/" + name + ".json");
      }
      return (ObjectNode) Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CustomResourceRequest request(String name) {
    return CustomResourceRequest.parse(json(name));
  }

  /** A fixture with its ResourceProperties edited. */
  static CustomResourceRequest request(String name, Consumer<ObjectNode> editProperties) {
    ObjectNode event = json(name);
    editProperties.accept((ObjectNode) event.get("ResourceProperties"));
    return CustomResourceRequest.parse(event);
  }
}
