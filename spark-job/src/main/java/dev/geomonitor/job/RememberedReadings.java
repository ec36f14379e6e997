package dev.geomonitor.job;

import dev.geomonitor.domain.TriggerStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The readings of a series within its horizon, as kept in {@link InstrumentState}: timestamps
 * (epoch ms, ascending) with their values and statuses. A working copy is taken at the start of a
 * batch and written back at its end.
 */
final class RememberedReadings {
  /** A remembered reading. */
  record Entry(Instant ts, double value, TriggerStatus status) {}

  private long[] ts;
  private double[] values;
  private int[] statuses;
  private int size;

  RememberedReadings(InstrumentState state) {
    size = state.getRememberedTs().length;
    ts = Arrays.copyOf(state.getRememberedTs(), Math.max(8, size * 2));
    values = Arrays.copyOf(state.getRememberedValues(), ts.length);
    statuses = Arrays.copyOf(state.getRememberedStatuses(), ts.length);
  }

  /** The remembered reading at {@code at}, or null. */
  Entry at(Instant at) {
    int i = Arrays.binarySearch(ts, 0, size, at.toEpochMilli());
    return i < 0 ? null : entry(i);
  }

  /**
   * The latest remembered reading before {@code before} and not before {@code notBefore} (may be
   * null), or null.
   */
  Entry predecessor(Instant before, Instant notBefore) {
    int i = Arrays.binarySearch(ts, 0, size, before.toEpochMilli());
    int p = (i < 0 ? -i - 1 : i) - 1;
    if (p < 0 || (notBefore != null && ts[p] < notBefore.toEpochMilli())) {
      return null;
    }
    return entry(p);
  }

  /**
   * Up to {@code count} remembered readings before {@code before} and not before {@code notBefore}
   * (may be null), the nearest first.
   */
  List<Entry> before(Instant before, Instant notBefore, int count) {
    int i = Arrays.binarySearch(ts, 0, size, before.toEpochMilli());
    int p = (i < 0 ? -i - 1 : i) - 1;
    long floor = notBefore == null ? Long.MIN_VALUE : notBefore.toEpochMilli();
    List<Entry> out = new ArrayList<>(count);
    for (; p >= 0 && out.size() < count && ts[p] >= floor; p--) {
      out.add(entry(p));
    }
    return out;
  }

  void remember(Instant at, double value, TriggerStatus status) {
    long millis = at.toEpochMilli();
    int i = Arrays.binarySearch(ts, 0, size, millis);
    if (i >= 0) {
      throw new IllegalStateException(
          "a series remembers one reading per timestamp: " + at + " is there already");
    }
    int pos = -i - 1;
    if (size == ts.length) {
      ts = Arrays.copyOf(ts, size * 2);
      values = Arrays.copyOf(values, size * 2);
      statuses = Arrays.copyOf(statuses, size * 2);
    }
    System.arraycopy(ts, pos, ts, pos + 1, size - pos);
    System.arraycopy(values, pos, values, pos + 1, size - pos);
    System.arraycopy(statuses, pos, statuses, pos + 1, size - pos);
    ts[pos] = millis;
    values[pos] = value;
    statuses[pos] = status.ordinal();
    size++;
  }

  /** Writes the readings from {@code keepFrom} on back into {@code state}. */
  void storeInto(InstrumentState state, Instant keepFrom) {
    int from = 0;
    if (keepFrom != null) {
      int i = Arrays.binarySearch(ts, 0, size, keepFrom.toEpochMilli());
      from = i < 0 ? -i - 1 : i;
    }
    state.setRememberedTs(Arrays.copyOfRange(ts, from, size));
    state.setRememberedValues(Arrays.copyOfRange(values, from, size));
    state.setRememberedStatuses(Arrays.copyOfRange(statuses, from, size));
  }

  private Entry entry(int i) {
    return new Entry(Instant.ofEpochMilli(ts[i]), values[i], TriggerStatus.values()[statuses[i]]);
  }
}
