package dev.geomonitor.deploy;

/** The three things CloudFormation asks of a custom resource. */
public enum RequestType {
  CREATE,
  UPDATE,
  DELETE;

  static RequestType parse(String text) {
    for (RequestType type : values()) {
      if (type.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "RequestType must be Create, Update or Delete; got '" + text + "'");
  }
}
