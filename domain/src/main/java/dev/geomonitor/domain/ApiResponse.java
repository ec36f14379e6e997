package dev.geomonitor.domain;

import java.util.List;

/**
 * One response of the source API, either version, reduced to what the producer needs: the envelope
 * metadata that gives the items their meaning, and the items exactly as served.
 *
 * @param version which published version the envelope matches
 * @param requestType v1's {@code request_type} (null in v2)
 * @param units v1's {@code RL_units} or v2's {@code units} (may be null: v1 pore pressure and
 *     settlement carry none)
 * @param timezone the zone naive timestamps are in (the API says "UTC")
 * @param declaredCount v1 {@code length} or v2 {@code instruments}; -1 if absent
 * @param items the items, each with its exact source text
 * @param rejectedItems items that are not JSON on their own (a {@code NaN} token...), each a dead
 *     letter of its own
 */
public record ApiResponse(
    ApiVersion version,
    String requestType,
    String units,
    String timezone,
    int declaredCount,
    List<ApiItem> items,
    List<RejectedItem> rejectedItems) {

  /** A response whose every item parsed. */
  public ApiResponse(
      ApiVersion version,
      String requestType,
      String units,
      String timezone,
      int declaredCount,
      List<ApiItem> items) {
    this(version, requestType, units, timezone, declaredCount, items, List.of());
  }

  /**
   * One element of the items array that cannot be parsed on its own.
   *
   * @param index its position in the array
   * @param text its exact text
   * @param reason why it is not an item
   */
  public record RejectedItem(int index, String text, Rejection reason) {}
}
