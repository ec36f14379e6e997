package dev.geomonitor.domain;

import java.util.Optional;

/** The two published versions of the source API. Both must be accepted. */
public enum ApiVersion {
  /** Envelope {@code request_type, length, RL_units, timezone}; value fields named per quantity. */
  V1("v1"),
  /** Envelope {@code instruments, units, timezone}; the value is always {@code reading}. */
  V2("v2");

  private final String wireName;

  ApiVersion(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ApiVersion> fromWireName(String name) {
    for (ApiVersion v : values()) {
      if (v.wireName.equals(name)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
