package dev.geomonitor.simulator;

import java.util.Locale;

/** Which published version of the API the simulator speaks. */
public enum ApiFlavour {
  V1("v1"),
  V2("v2");

  private final String wireName;

  ApiFlavour(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static ApiFlavour fromWireName(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (ApiFlavour f : values()) {
      if (f.wireName.equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException("api version '" + name + "' is not supported: use v1 or v2");
  }
}
