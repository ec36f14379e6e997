package dev.geomonitor.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trigger levels in force: a default per instrument type, overridable per instrument. Loaded
 * from JSON (a list of {@link TriggerLevels}); the defaults ship as {@code
 * trigger-levels-default.json} in this module. Immutable and serializable so the Spark job can
 * broadcast it.
 */
public final class TriggerLevelCatalog implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String DEFAULT_RESOURCE =
      "/dev/geomonitor/domain/trigger-levels-default.json";

  private final Map<String, SerializableLevels> byType = new HashMap<>();
  private final Map<String, SerializableLevels> byInstrument = new HashMap<>();

  private TriggerLevelCatalog(List<TriggerLevels> levels) {
    for (TriggerLevels l : levels) {
      if (l.boreholeNumber() == null) {
        byType.put(l.instrument(), SerializableLevels.of(l));
      } else {
        byInstrument.put(l.instrument() + ":" + l.boreholeNumber(), SerializableLevels.of(l));
      }
    }
    for (InstrumentType t : InstrumentType.values()) {
      if (!byType.containsKey(t.wireName())) {
        throw new IllegalArgumentException(
            "trigger levels have no default for instrument type " + t.wireName());
      }
    }
  }

  public static TriggerLevelCatalog of(List<TriggerLevels> levels) {
    return new TriggerLevelCatalog(levels);
  }

  /** The shipped defaults. */
  public static TriggerLevelCatalog defaults() {
    return new TriggerLevelCatalog(defaultLevels());
  }

  public static List<TriggerLevels> defaultLevels() {
    try (InputStream in = TriggerLevelCatalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      }
      return Json.MAPPER.readValue(in, new TypeReference<List<TriggerLevels>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  /**
   * The defaults, with the levels in {@code file} replacing or adding to them (type defaults and
   * per instrument).
   */
  public static TriggerLevelCatalog withOverrides(Path file) {
    List<TriggerLevels> all = new ArrayList<>(defaultLevels());
    try {
      all.addAll(
          Json.MAPPER.readValue(
              Files.readAllBytes(file), new TypeReference<List<TriggerLevels>>() {}));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read trigger levels from "
              + file
              + " (expected a JSON list of {instrument, borehole_number?,"
              + " direction?, baseline?, alert, alarm, action}): "
              + e.getMessage(),
          e);
    }
    return new TriggerLevelCatalog(all);
  }

  public TriggerLevels levelsFor(String instrument, String boreholeNumber) {
    SerializableLevels l = byInstrument.get(instrument + ":" + boreholeNumber);
    if (l == null) {
      l = byType.get(instrument);
    }
    if (l == null) {
      throw new IllegalArgumentException("no trigger levels for instrument type " + instrument);
    }
    return l.toLevels();
  }

  /** The override for this one instrument, if the catalog has one. */
  public Optional<TriggerLevels> overrideFor(String instrument, String boreholeNumber) {
    SerializableLevels l = byInstrument.get(instrument + ":" + boreholeNumber);
    return l == null ? Optional.empty() : Optional.of(l.toLevels());
  }

  /**
   * Every entry, type defaults first: what the batch store mirrors into its trigger_levels table.
   */
  public List<TriggerLevels> all() {
    List<TriggerLevels> out = new ArrayList<>();
    byType.values().forEach(l -> out.add(l.toLevels()));
    byInstrument.values().forEach(l -> out.add(l.toLevels()));
    return out;
  }

  /**
   * Records are not Serializable by default; this holder keeps the catalog and the level history
   * shippable to executors.
   */
  record SerializableLevels(
      String instrument,
      String boreholeNumber,
      TriggerLevels.Direction direction,
      Double baseline,
      double alert,
      double alarm,
      double action,
      int persistence,
      double hysteresis)
      implements Serializable {
    static SerializableLevels of(TriggerLevels l) {
      return new SerializableLevels(
          l.instrument(),
          l.boreholeNumber(),
          l.direction(),
          l.baseline(),
          l.alert(),
          l.alarm(),
          l.action(),
          l.persistence(),
          l.hysteresis());
    }

    TriggerLevels toLevels() {
      return new TriggerLevels(
          instrument,
          boreholeNumber,
          direction,
          baseline,
          alert,
          alarm,
          action,
          persistence,
          hysteresis);
    }
  }
}
