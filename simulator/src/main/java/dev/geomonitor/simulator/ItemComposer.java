package dev.geomonitor.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Composes the items of one response: each instrument's latest sample, with item faults drawn from
 * (seed, request number, position) so that the same sequence of requests is answered identically.
 */
final class ItemComposer {
  private static final long SALT_ITEM_FAULT = 0xFA17;
  private static final long MINUTE = 60_000;
  private static final long HOUR = 3_600_000;
  private static final DateTimeFormatter DAY_FIRST =
      DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");

  private final long seed;
  private final Site site;
  private final Scenario scenario;
  private final ApiFlavour flavour;

  ItemComposer(long seed, Site site, Scenario scenario, ApiFlavour flavour) {
    this.seed = seed;
    this.site = site;
    this.scenario = scenario;
    this.flavour = flavour;
  }

  ComposedItems compose(Endpoint endpoint, Instant now, Faults faults, long requestNumber) {
    List<ObjectNode> items = new ArrayList<>();
    List<InstrumentKind> kinds = new ArrayList<>();
    List<ObjectNode> copies = new ArrayList<>();
    List<InstrumentKind> copyKinds = new ArrayList<>();
    List<MalformedKind> malformed = new ArrayList<>();
    int late = 0;
    int veryLate = 0;
    int future = 0;
    int corrected = 0;
    int position = 0;
    for (InstrumentKind kind : endpoint.kinds()) {
      if (!kind.servedIn(flavour)) {
        continue;
      }
      for (Instrument instrument : site.instruments(kind, endpoint.axis())) {
        long at = position++;
        long k = scenario.latestSampleIndex(instrument, now);
        double u = Draws.uniform(seed, SALT_ITEM_FAULT, requestNumber, at, 1);
        double bound = faults.malformedRate();
        ObjectNode item;
        if (u < bound) {
          List<MalformedKind> choices = faults.effectiveMalformedKinds();
          MalformedKind how =
              choices.get(
                  (int)
                      (Draws.uniform(seed, SALT_ITEM_FAULT, requestNumber, at, 2)
                          * choices.size()));
          item =
              corrupt(
                  ItemWriter.item(scenario.sample(instrument, k), flavour),
                  instrument,
                  how,
                  requestNumber,
                  at);
          malformed.add(how);
        } else if (u < (bound += faults.lateRate())) {
          long target =
              (long)
                  Draws.between(
                      MINUTE,
                      Math.max(MINUTE, 14 * MINUTE - scenario.intervalMillis()),
                      seed,
                      SALT_ITEM_FAULT,
                      requestNumber,
                      at,
                      3);
          item = ItemWriter.item(scenario.sample(instrument, k - samplesIn(target)), flavour);
          late++;
        } else if (u < (bound += faults.veryLateRate())) {
          long target =
              (long)
                  Draws.between(
                      15 * MINUTE, 90 * MINUTE, seed, SALT_ITEM_FAULT, requestNumber, at, 3);
          item = ItemWriter.item(scenario.sample(instrument, k - samplesIn(target)), flavour);
          veryLate++;
        } else if (u < bound + faults.futureRate()) {
          long target =
              (long) Draws.between(HOUR, 6 * HOUR, seed, SALT_ITEM_FAULT, requestNumber, at, 3);
          long ahead =
              Math.max(1, (target + scenario.intervalMillis() - 1) / scenario.intervalMillis());
          item = ItemWriter.item(scenario.sample(instrument, k + ahead), flavour);
          future++;
        } else {
          item = ItemWriter.item(scenario.sample(instrument, k), flavour);
          if (Draws.uniform(seed, SALT_ITEM_FAULT, requestNumber, at, 4) < faults.duplicateRate()) {
            copies.add(item.deepCopy());
            copyKinds.add(kind);
          } else if (Draws.uniform(seed, SALT_ITEM_FAULT, requestNumber, at, 6)
              < faults.correctedRate()) {
            copies.add(corrected(item, instrument));
            copyKinds.add(kind);
            corrected++;
          }
        }
        items.add(item);
        kinds.add(kind);
      }
    }
    // Copies go last, as a feed that re-sends part of its buffer does.
    items.addAll(copies);
    kinds.addAll(copyKinds);
    return new ComposedItems(
        items, kinds, malformed, copies.size() - corrected, late, veryLate, future, corrected);
  }

  /**
   * A re-issue of {@code item} with the same timestamp and a value corrected by a small calibration
   * fix.
   */
  private ObjectNode corrected(ObjectNode item, Instrument instrument) {
    ObjectNode copy = item.deepCopy();
    String field = instrument.kind().valueField(flavour);
    double value = copy.get(field).asDouble();
    copy.put(field, Math.round((value + 0.05) * 1000) / 1000.0);
    return copy;
  }

  private long samplesIn(long millis) {
    return Math.max(1, millis / scenario.intervalMillis());
  }

  private ObjectNode corrupt(
      ObjectNode item, Instrument instrument, MalformedKind how, long requestNumber, long at) {
    String valueField = instrument.kind().valueField(flavour);
    switch (how) {
      case MISSING_FIELD -> {
        List<String> fields = List.of(valueField, "northing", "timestamp", "borehole_number");
        item.remove(
            fields.get(
                (int)
                    (Draws.uniform(seed, SALT_ITEM_FAULT, requestNumber, at, 5) * fields.size())));
      }
      case STRING_VALUE -> item.put(valueField, item.get(valueField).asText());
      case BOOLEAN_NORTHING -> item.put("northing", true);
      case BLANK_BOREHOLE_NUMBER -> item.put("borehole_number", " ");
      case UNKNOWN_INSTRUMENT -> item.put("instrument", "inclinometer");
      case VALUE_OUT_OF_RANGE -> item.put(valueField, -9999.0);
      case COORDINATES_OUTSIDE_GRID -> {
        item.put("northing", instrument.easting());
        item.put("easting", instrument.northing());
      }
      case UNPARSEABLE_TIMESTAMP -> {
        Instant ts = Instant.parse(item.get("timestamp").asText());
        item.put("timestamp", DAY_FIRST.format(LocalDateTime.ofInstant(ts, ZoneOffset.UTC)));
      }
    }
    return item;
  }
}
