package dev.geomonitor.domain;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every version of the trigger levels, resolved by event time. Version 0 is the {@link
 * TriggerLevelCatalog} (the shipped defaults with the {@code TRIGGER_LEVELS_FILE} overrides), in
 * force from the beginning of time; each {@link TriggerLevelVersion} replaces the levels of its
 * scope for readings stamped at or after its {@code effective_from}.
 *
 * <p>For a reading of instrument {@code i} of type {@code t} at event time {@code ts}, the levels
 * are the first of: the latest version of scope {@code i} with {@code effective_from <= ts}; the
 * catalog's override for {@code i}; the latest version of scope {@code t} with {@code
 * effective_from <= ts}; the catalog's default for {@code t}. A more specific scope always wins, as
 * in the catalog; among versions of one scope the latest effective_from wins, then the latest
 * added. The answer depends on the reading's event time and the versions alone, never on when the
 * reading is processed: that is what keeps a replay equal to the live run.
 *
 * <p>Immutable and serializable: the job ships it to the executors with each batch.
 */
public final class TriggerLevelHistory implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Comparator<Entry> ORDER =
      Comparator.comparing(Entry::effectiveFrom).thenComparingLong(Entry::versionId);

  private final TriggerLevelCatalog initial;
  private final Map<String, List<Entry>> byScope = new HashMap<>();
  private final long latestVersionId;
  private final int versions;

  private TriggerLevelHistory(TriggerLevelCatalog initial, List<TriggerLevelVersion> versions) {
    this.initial = initial;
    long latest = 0;
    for (TriggerLevelVersion v : versions) {
      byScope.computeIfAbsent(v.scope(), k -> new ArrayList<>()).add(Entry.of(v));
      latest = Math.max(latest, v.versionId());
    }
    byScope.values().forEach(l -> l.sort(ORDER));
    this.latestVersionId = latest;
    this.versions = versions.size();
  }

  /** Version 0 only: what the job used before levels were versioned. */
  public static TriggerLevelHistory of(TriggerLevelCatalog initial) {
    return new TriggerLevelHistory(initial, List.of());
  }

  public static TriggerLevelHistory of(
      TriggerLevelCatalog initial, List<TriggerLevelVersion> versions) {
    return new TriggerLevelHistory(initial, versions);
  }

  static String scope(String instrument, String boreholeNumber) {
    return boreholeNumber == null ? instrument : instrument + ":" + boreholeNumber;
  }

  public TriggerLevelCatalog initial() {
    return initial;
  }

  /** The highest version id known (0 when there are only the catalog's levels). */
  public long latestVersionId() {
    return latestVersionId;
  }

  /** How many versions beside version 0. */
  public int versionCount() {
    return versions;
  }

  /** The levels in force for a reading of this instrument at event time {@code ts}. */
  public TriggerLevels levelsAt(String instrument, String boreholeNumber, Instant ts) {
    return forInstrument(instrument, boreholeNumber).at(ts);
  }

  /**
   * The levels of one instrument through time, to resolve many readings (a batch of a series)
   * without looking the scope up again.
   */
  public SeriesLevels forInstrument(String instrument, String boreholeNumber) {
    List<Entry> own = byScope.getOrDefault(scope(instrument, boreholeNumber), List.of());
    TriggerLevels override = initial.overrideFor(instrument, boreholeNumber).orElse(null);
    List<Entry> type = override == null ? byScope.getOrDefault(instrument, List.of()) : List.of();
    TriggerLevels base =
        override != null ? override : initial.levelsFor(instrument, boreholeNumber);
    return new SeriesLevels(own, type, base);
  }

  /**
   * The levels in force at event time {@code t} as a catalog (type defaults and per-instrument
   * entries): what a page draws as an instrument's current trigger lines.
   */
  public TriggerLevelCatalog catalogAt(Instant t) {
    List<TriggerLevels> out = new ArrayList<>();
    for (InstrumentType type : InstrumentType.values()) {
      Entry e = SeriesLevels.inForce(byScope.getOrDefault(type.wireName(), List.of()), t);
      out.add(e != null ? e.toLevels() : initial.levelsFor(type.wireName(), null));
    }
    Set<String> instruments = new TreeSet<>();
    for (TriggerLevels l : initial.all()) {
      if (l.boreholeNumber() != null) {
        instruments.add(scope(l.instrument(), l.boreholeNumber()));
      }
    }
    for (List<Entry> entries : byScope.values()) {
      Entry first = entries.get(0);
      if (first.boreholeNumber() != null && !first.effectiveFrom().isAfter(t)) {
        instruments.add(scope(first.instrument(), first.boreholeNumber()));
      }
    }
    for (String key : instruments) {
      int colon = key.indexOf(':');
      String instrument = key.substring(0, colon);
      String borehole = key.substring(colon + 1);
      TriggerLevels l = levelsAt(instrument, borehole, t);
      out.add(l.forScope(instrument, borehole));
    }
    return TriggerLevelCatalog.of(out);
  }

  /** The levels of one instrument as a function of event time. */
  public static final class SeriesLevels {
    private final List<Entry> own;
    private final List<Entry> type;
    private final TriggerLevels base;
    private final Map<Long, TriggerLevels> made = new HashMap<>();

    private SeriesLevels(List<Entry> own, List<Entry> type, TriggerLevels base) {
      this.own = own;
      this.type = type;
      this.base = base;
    }

    /** Levels that never change: the form tests and version 0 alone take. */
    public static SeriesLevels constant(TriggerLevels levels) {
      return new SeriesLevels(List.of(), List.of(), levels);
    }

    public TriggerLevels at(Instant ts) {
      Entry ownEntry = inForce(own, ts);
      Entry e = ownEntry != null ? ownEntry : inForce(type, ts);
      if (e == null) {
        return base;
      }
      return made.computeIfAbsent(e.versionId(), id -> e.toLevels());
    }

    /** The latest entry with effectiveFrom <= ts (entries are sorted), or null. */
    private static Entry inForce(List<Entry> entries, Instant ts) {
      int lo = 0;
      int hi = entries.size() - 1;
      Entry found = null;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        Entry e = entries.get(mid);
        if (e.effectiveFrom().isAfter(ts)) {
          hi = mid - 1;
        } else {
          found = e;
          lo = mid + 1;
        }
      }
      return found;
    }
  }

  /** A version as the history ships it (its levels in the catalog's serializable form). */
  private record Entry(
      long versionId, Instant effectiveFrom, TriggerLevelCatalog.SerializableLevels levels)
      implements Serializable {
    static Entry of(TriggerLevelVersion v) {
      return new Entry(
          v.versionId(), v.effectiveFrom(), TriggerLevelCatalog.SerializableLevels.of(v.levels()));
    }

    String instrument() {
      return levels.instrument();
    }

    String boreholeNumber() {
      return levels.boreholeNumber();
    }

    TriggerLevels toLevels() {
      return levels.toLevels();
    }
  }
}
