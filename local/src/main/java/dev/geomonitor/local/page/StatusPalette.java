package dev.geomonitor.local.page;

import dev.geomonitor.domain.TriggerStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the page shows each trigger status: the one definition of their order (TriggerStatus's, which
 * is severity) and colours, served at {@code /api/statuses}; the page builds its legend, status
 * tiles, map layers and trigger lines from it, and sets the CSS colour variables its badges use.
 */
public final class StatusPalette {

  /** One status as the page draws it; {@code severity} 0 is NORMAL. */
  public record StatusStyle(TriggerStatus status, int severity, String label, String colour) {}

  /** {@code /api/statuses}. */
  public record Statuses(List<StatusStyle> statuses) {}

  private StatusPalette() {}

  /**
   * Green, amber, orange-red, red: the TARP colours engineers expect, distinguishable on a light
   * map.
   */
  static String colourOf(TriggerStatus status) {
    return switch (status) {
      case NORMAL -> "#2e9d5b";
      case ALERT -> "#f2b01e";
      case ALARM -> "#f0642b";
      case ACTION -> "#d12a2a";
    };
  }

  public static Statuses statuses() {
    return new Statuses(
        Arrays.stream(TriggerStatus.values())
            .map(s -> new StatusStyle(s, s.ordinal(), label(s), colourOf(s)))
            .toList());
  }

  private static String label(TriggerStatus status) {
    String name = status.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
