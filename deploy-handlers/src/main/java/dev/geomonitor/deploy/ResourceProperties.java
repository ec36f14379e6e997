package dev.geomonitor.deploy;

import java.util.List;
import java.util.Map;

/**
 * Typed reads of ResourceProperties; every error names the property and what a valid value looks
 * like.
 */
public record ResourceProperties(Map<String, Object> values) {

  public ResourceProperties {
    values = values == null ? Map.of() : Map.copyOf(values);
  }

  public String required(String name) {
    String value = optional(name);
    if (value == null) {
      throw new IllegalArgumentException("resource property " + name + " is missing or empty");
    }
    return value;
  }

  /** The trimmed text, or null when absent or blank. */
  public String optional(String name) {
    Object value = values.get(name);
    if (value == null || value instanceof Map || value instanceof List) {
      return null;
    }
    String text = value.toString().trim();
    return text.isEmpty() ? null : text;
  }

  public long requiredLong(String name) {
    return parseLong(name, required(name));
  }

  public List<ResourceProperties> list(String name) {
    Object value = values.get(name);
    if (!(value instanceof List<?> items)) {
      throw new IllegalArgumentException(
          "resource property " + name + " must be a list, got " + value);
    }
    return items.stream().map(item -> element(name, item)).toList();
  }

  static long parseLong(String name, String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "resource property " + name + "='" + text + "' is not a whole number", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static ResourceProperties element(String name, Object item) {
    if (!(item instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          "every element of resource property " + name + " must be an object, got " + item);
    }
    return new ResourceProperties((Map<String, Object>) map);
  }
}
