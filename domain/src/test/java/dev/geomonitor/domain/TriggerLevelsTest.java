package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriggerLevelsTest {

  @Test
  void statusRisesThroughEachLevelInBothDirections() {
    TriggerLevels levels =
        new TriggerLevels("water_standpipe", null, TriggerLevels.Direction.BOTH, null, 1, 2, 3);

    assertThat(levels.statusOf(80.5, 80.0)).isEqualTo(TriggerStatus.NORMAL);
    assertThat(levels.statusOf(81.0, 80.0)).isEqualTo(TriggerStatus.ALERT);
    assertThat(levels.statusOf(77.9, 80.0)).isEqualTo(TriggerStatus.ALARM);
    assertThat(levels.statusOf(76.9, 80.0)).isEqualTo(TriggerStatus.ACTION);
  }

  @Test
  void fallOnlyLevelsIgnoreARise() {
    TriggerLevels levels =
        new TriggerLevels("water_standpipe", "BH-1", TriggerLevels.Direction.FALL, 80.0, 1, 2, 3);

    assertThat(levels.statusOf(85.0, 80.0)).isEqualTo(TriggerStatus.NORMAL);
    assertThat(levels.statusOf(78.5, 80.0)).isEqualTo(TriggerStatus.ALERT);
  }

  @Test
  void levelsOutOfOrderAreRefusedWithTheInstrumentNamed() {
    assertThatThrownBy(() -> new TriggerLevels("piezometer", "PZ-7", null, null, 30, 20, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("piezometer PZ-7");
  }

  @Test
  void aClearingBandKeepsAStatusUntilTheChangeIsBelowItsLevelMinusTheBand() {
    TriggerLevels levels =
        new TriggerLevels(
            "water_standpipe", null, TriggerLevels.Direction.RISE, 80.0, 1, 2, 3, 1, 0.25);

    assertThat(levels.statusOf(81.9, 80.0)).isEqualTo(TriggerStatus.ALERT);
    assertThat(levels.clearingStatusOf(81.9, 80.0)).isEqualTo(TriggerStatus.ALARM);
    assertThat(levels.clearingStatusOf(81.7, 80.0)).isEqualTo(TriggerStatus.ALERT);
    assertThat(levels.clearingStatusOf(80.7, 80.0)).isEqualTo(TriggerStatus.NORMAL);
    assertThat(levels.holdsStatus()).isTrue();
    assertThat(TriggerLevelCatalog.defaults().levelsFor("piezometer", "PZ-1").holdsStatus())
        .as("the shipped defaults judge each reading on its own")
        .isFalse();
  }

  @Test
  void persistenceAndHysteresisOutOfRangeAreRefusedWithTheInstrumentNamed() {
    assertThatThrownBy(
            () -> new TriggerLevels("piezometer", "PZ-7", null, null, 10, 20, 30, 0, 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("piezometer PZ-7: persistence");
    assertThatThrownBy(() -> new TriggerLevels("piezometer", null, null, null, 10, 20, 30, 97, 0.0))
        .hasMessageContaining("from 1 to 96");
    assertThatThrownBy(() -> new TriggerLevels("piezometer", null, null, null, 10, 20, 30, 2, 10.0))
        .hasMessageContaining("hysteresis must be at least 0 and below the alert level (10.0)");
    assertThatThrownBy(() -> new TriggerLevels("piezometer", null, null, null, 10, 20, 30, 2, -0.5))
        .hasMessageContaining("hysteresis");
  }

  @Test
  void aLevelsFileMayGivePersistenceAndHysteresis(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("levels.json");
    Files.writeString(
        file,
        "[{\"instrument\":\"piezometer\",\"alert\":20,\"alarm\":35,\"action\":50,"
            + "\"persistence\":3,\"hysteresis\":2.5}]");

    TriggerLevels levels = TriggerLevelCatalog.withOverrides(file).levelsFor("piezometer", "PZ-1");

    assertThat(levels.persistence()).isEqualTo(3);
    assertThat(levels.hysteresis()).isEqualTo(2.5);
    assertThat(TriggerLevelCatalog.defaults().levelsFor("piezometer", "PZ-1").persistence())
        .isEqualTo(1);
  }

  @Test
  void defaultsCoverEveryInstrumentType() {
    TriggerLevelCatalog catalog = TriggerLevelCatalog.defaults();

    for (InstrumentType t : InstrumentType.values()) {
      assertThat(catalog.levelsFor(t.wireName(), "ANY").alert()).isPositive();
    }
    assertThat(catalog.levelsFor("settlement_marker", "SM-1").baseline()).isEqualTo(0.0);
    assertThat(catalog.levelsFor("water_standpipe", "BH-1").baseline()).isNull();
  }

  @Test
  void perInstrumentOverrideWinsOverTheTypeDefault(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("levels.json");
    Files.writeString(
        file,
        "[{\"instrument\":\"water_standpipe\",\"borehole_number\":\"BH-9037\",\"direction\":\"RISE\","
            + "\"baseline\":85.0,\"alert\":0.5,\"alarm\":0.8,\"action\":1.2}]");

    TriggerLevelCatalog catalog = TriggerLevelCatalog.withOverrides(file);

    assertThat(catalog.levelsFor("water_standpipe", "BH-9037").alert()).isEqualTo(0.5);
    assertThat(catalog.levelsFor("water_standpipe", "BH-0001").alert()).isEqualTo(1.0);
    assertThat(catalog.all()).hasSize(InstrumentType.values().length + 1);
  }

  @Test
  void unreadableOverrideFileIsNamedInTheError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{not json");

    assertThatThrownBy(() -> TriggerLevelCatalog.withOverrides(file))
        .hasMessageContaining(file.toString());
  }

  @Test
  void catalogSurvivesJavaSerialization() throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(TriggerLevelCatalog.defaults());
    }
    try (var in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      TriggerLevelCatalog copy = (TriggerLevelCatalog) in.readObject();
      assertThat(copy.levelsFor("piezometer", "PZ-1").alarm()).isEqualTo(35.0);
    }
  }
}
