package dev.geomonitor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import java.io.IOException;

/** A secret whose text is a JSON object, as RDS and generated secrets store credentials. */
record SecretJson(String secretId, JsonNode node) {

  static SecretJson read(SecretSource source, String secretId) {
    String text = source.secretString(secretId);
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      if (node == null || !node.isObject()) {
        throw new IllegalStateException("secret " + secretId + " is not a JSON object");
      }
      return new SecretJson(secretId, node);
    } catch (IOException e) {
      // the message would quote the secret's text: name the secret only
      throw new IllegalStateException(
          "secret "
              + secretId
              + " is not JSON; it must be an object such as"
              + " {\"username\": ..., \"password\": ...}");
    }
  }

  String required(String field) {
    String value = optional(field);
    if (value == null) {
      throw new IllegalStateException("secret " + secretId + " has no field '" + field + "'");
    }
    return value;
  }

  String optional(String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isBlank()
        ? null
        : value.asText().trim();
  }
}
