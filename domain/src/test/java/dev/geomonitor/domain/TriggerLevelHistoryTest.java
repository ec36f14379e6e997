package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerLevelHistoryTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final TriggerLevels.Direction BOTH = TriggerLevels.Direction.BOTH;

  private static TriggerLevelVersion version(
      long id, String borehole, Double baseline, double alert, Instant from) {
    return new TriggerLevelVersion(
        id,
        new TriggerLevels("water_standpipe", borehole, BOTH, baseline, alert, alert * 2, alert * 3),
        from,
        "j.smith",
        from.minusSeconds(3600),
        "test");
  }

  @Test
  void withoutVersionsTheCatalogIsInForceAtEveryTime() {
    // Given
    TriggerLevelHistory history = TriggerLevelHistory.of(TriggerLevelCatalog.defaults());

    // When / Then
    assertThat(history.levelsAt("water_standpipe", "BH-1", Instant.EPOCH))
        .isEqualTo(TriggerLevelCatalog.defaults().levelsFor("water_standpipe", "BH-1"));
    assertThat(history.latestVersionId()).isZero();
  }

  @Test
  void aVersionAppliesFromItsEffectiveFromOnwardsAndNotBefore() {
    // Given a type version from T0 + 1 h
    TriggerLevelHistory history =
        TriggerLevelHistory.of(
            TriggerLevelCatalog.defaults(),
            List.of(version(1, null, null, 0.5, T0.plusSeconds(3600))));

    // When / Then
    assertThat(history.levelsAt("water_standpipe", "BH-1", T0.plusSeconds(3599)).alert())
        .isEqualTo(1.0);
    assertThat(history.levelsAt("water_standpipe", "BH-1", T0.plusSeconds(3600)).alert())
        .isEqualTo(0.5);
    assertThat(history.levelsAt("water_standpipe", "BH-1", T0.plusSeconds(99_999)).alert())
        .isEqualTo(0.5);
    assertThat(history.levelsAt("piezometer", "PZ-1", T0.plusSeconds(99_999)).alert())
        .isEqualTo(20.0);
  }

  @Test
  void theLatestEffectiveVersionWinsWhateverTheOrderTheyWereAdded() {
    // Given versions added out of event-time order, and two with the same effective_from
    List<TriggerLevelVersion> versions =
        List.of(
            version(3, null, null, 0.3, T0.plusSeconds(200)),
            version(1, null, null, 0.1, T0.plusSeconds(100)),
            version(2, null, null, 0.2, T0.plusSeconds(300)),
            version(4, null, null, 0.4, T0.plusSeconds(300)));
    TriggerLevelHistory history = TriggerLevelHistory.of(TriggerLevelCatalog.defaults(), versions);

    // When / Then
    assertThat(history.levelsAt("water_standpipe", "BH-1", T0.plusSeconds(150)).alert())
        .isEqualTo(0.1);
    assertThat(history.levelsAt("water_standpipe", "BH-1", T0.plusSeconds(250)).alert())
        .isEqualTo(0.3);
    assertThat(history.levelsAt("water_standpipe", "BH-1", T0.plusSeconds(300)).alert())
        .isEqualTo(0.4);
    assertThat(history.latestVersionId()).isEqualTo(4);
  }

  @Test
  void anInstrumentVersionBeatsTheTypeVersionsAndABaselineResetIsAVersion() {
    // Given a type version, then a baseline reset of BH-2 only
    TriggerLevelHistory history =
        TriggerLevelHistory.of(
            TriggerLevelCatalog.defaults(),
            List.of(
                version(1, null, null, 0.5, T0),
                version(2, "BH-2", 80.0, 1.5, T0.plusSeconds(60))));

    // When / Then
    assertThat(history.levelsAt("water_standpipe", "BH-2", T0.plusSeconds(59)).alert())
        .isEqualTo(0.5);
    TriggerLevels reset = history.levelsAt("water_standpipe", "BH-2", T0.plusSeconds(60));
    assertThat(reset.alert()).isEqualTo(1.5);
    assertThat(reset.baseline()).isEqualTo(80.0);
    assertThat(history.levelsAt("water_standpipe", "BH-3", T0.plusSeconds(60)).alert())
        .isEqualTo(0.5);
  }

  @Test
  void aCatalogOverrideOfAnInstrumentStaysAboveLaterTypeVersions() {
    // Given version 0 with an override for BH-9 and a later type version
    List<TriggerLevels> initial = new ArrayList<>(TriggerLevelCatalog.defaultLevels());
    initial.add(new TriggerLevels("water_standpipe", "BH-9", BOTH, null, 4, 5, 6));
    TriggerLevelHistory history =
        TriggerLevelHistory.of(
            TriggerLevelCatalog.of(initial), List.of(version(1, null, null, 0.5, T0)));

    // When / Then
    assertThat(history.levelsAt("water_standpipe", "BH-9", T0.plusSeconds(1)).alert())
        .isEqualTo(4.0);
    assertThat(history.levelsAt("water_standpipe", "BH-1", T0.plusSeconds(1)).alert())
        .isEqualTo(0.5);
  }

  @Test
  void theCatalogAtAnInstantHoldsTheLevelsInForceThen() {
    // Given a type version from T0 and a reset of BH-2 from T0 + 60 s
    TriggerLevelHistory history =
        TriggerLevelHistory.of(
            TriggerLevelCatalog.defaults(),
            List.of(
                version(1, null, null, 0.5, T0),
                version(2, "BH-2", 80.0, 1.5, T0.plusSeconds(60))));

    // When / Then
    TriggerLevelCatalog before = history.catalogAt(T0.minusSeconds(1));
    TriggerLevelCatalog between = history.catalogAt(T0.plusSeconds(1));
    TriggerLevelCatalog after = history.catalogAt(T0.plusSeconds(60));
    assertThat(before.levelsFor("water_standpipe", "BH-2").alert()).isEqualTo(1.0);
    assertThat(between.levelsFor("water_standpipe", "BH-2").alert()).isEqualTo(0.5);
    assertThat(after.levelsFor("water_standpipe", "BH-2").alert()).isEqualTo(1.5);
    assertThat(after.levelsFor("water_standpipe", "BH-2").baseline()).isEqualTo(80.0);
    assertThat(after.levelsFor("water_standpipe", "BH-3").alert()).isEqualTo(0.5);
    assertThat(after.levelsFor("piezometer", "PZ-1").alert()).isEqualTo(20.0);
  }

  @Test
  void theHistorySurvivesJavaSerialization() throws Exception {
    // Given
    TriggerLevelHistory history =
        TriggerLevelHistory.of(
            TriggerLevelCatalog.defaults(), List.of(version(7, "BH-2", 80.0, 1.5, T0)));

    // When
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(history);
    }
    TriggerLevelHistory copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (TriggerLevelHistory) in.readObject();
    }

    // Then
    assertThat(copy.levelsAt("water_standpipe", "BH-2", T0))
        .isEqualTo(history.levelsAt("water_standpipe", "BH-2", T0));
    assertThat(copy.latestVersionId()).isEqualTo(7);
  }
}
