package dev.geomonitor.domain;

import java.util.List;

/**
 * The verdict on one raw record: a reading, or every reason it is invalid (never both). Reporting
 * all reasons at once saves an operator fixing a feed one error per round trip.
 */
public record DecodeResult(Reading reading, List<Rejection> rejections) {
  public static DecodeResult accepted(Reading reading) {
    return new DecodeResult(reading, List.of());
  }

  public static DecodeResult rejected(List<Rejection> rejections) {
    if (rejections.isEmpty()) {
      throw new IllegalArgumentException("a rejection needs at least one reason");
    }
    return new DecodeResult(null, List.copyOf(rejections));
  }

  public static DecodeResult rejected(Rejection rejection) {
    return rejected(List.of(rejection));
  }

  public boolean isAccepted() {
    return reading != null;
  }
}
