package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Rejection;
import dev.geomonitor.domain.ValidationPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class RawDecodingTest {
  private final SparkSession spark = TestSpark.session();

  @Test
  void bothApiVersionsDecodeIntoReadingsWithUnitsAndLatLon() {
    // Given a v1 standpipe record and a v2 piezometer record
    var rows =
        RawRecords.kafkaRows(
            spark,
            "raw",
            List.of(
                RawRecords.v1(RawRecords.v1Standpipe("BH-9037", "2024-05-01T10:00:00.078Z", 86.25)),
                RawRecords.v2(
                    RawRecords.v2Item("piezometer", "PZ-1", "2024-05-01T10:00:00Z", 120.5))));

    // When they are decoded
    List<DecodedRow> decoded = RawDecoding.decode(rows, ValidationPolicy.DEFAULT).collectAsList();

    // Then both are readings in one shape, grouped by instrument key, with WGS84 positions in
    // Melbourne; the rest are
    // tallies counting the two rows
    List<ReadingRow> readings =
        decoded.stream().filter(d -> d.getReading() != null).map(DecodedRow::getReading).toList();
    assertThat(readings).hasSize(2);
    assertThat(decoded.stream().filter(d -> d.getReading() != null).map(DecodedRow::getGroup))
        .containsExactlyInAnyOrder("water_standpipe:BH-9037", "piezometer:PZ-1");
    assertThat(BatchOutputs.sort(passedThrough(decoded)).rowsIn()).isEqualTo(2);
    assertThat(BatchOutputs.sort(passedThrough(decoded)).rejects()).isEmpty();
    ReadingRow standpipe =
        readings.stream()
            .filter(r -> r.getBoreholeNumber().equals("BH-9037"))
            .findFirst()
            .orElseThrow();
    assertThat(standpipe.getReadingId())
        .isEqualTo("water_standpipe:BH-9037:2024-05-01T10:00:00.078Z");
    assertThat(standpipe.getValue()).isEqualTo(86.25);
    assertThat(standpipe.getSurfaceLevel()).isEqualTo(85.4);
    assertThat(standpipe.getUnit()).isEqualTo("m AHD");
    assertThat(standpipe.getApiVersion()).isEqualTo("v1");
    assertThat(standpipe.getTs()).isEqualTo(Instant.parse("2024-05-01T10:00:00.078Z"));
    assertThat(standpipe.getLat()).isCloseTo(-37.80, within(0.05));
    assertThat(standpipe.getLon()).isCloseTo(145.0, within(0.2));
    ReadingRow piezometer =
        readings.stream()
            .filter(r -> r.getBoreholeNumber().equals("PZ-1"))
            .findFirst()
            .orElseThrow();
    assertThat(piezometer.getValue()).isEqualTo(120.5);
    assertThat(piezometer.getUnit()).isEqualTo("kPa");
    assertThat(piezometer.getApiVersion()).isEqualTo("v2");
    assertThat(piezometer.getSurfaceLevel()).isNull();
  }

  @Test
  void everyPoisonRecordIsRejectedWithItsReasonAndSourceCoordinates() throws Exception {
    // Given the poison corpus plus one good record
    List<PoisonCorpus.Poison> corpus = PoisonCorpus.all();
    List<byte[]> values = new ArrayList<>();
    corpus.forEach(p -> values.add(p.value()));
    values.add(RawRecords.v1(RawRecords.v1Standpipe("BH-OK", "2024-05-01T10:00:00Z", 86.0)));
    var rows = RawRecords.kafkaRows(spark, "raw-poison", values).repartition(1);

    // When they are decoded
    List<DecodedRow> decoded = RawDecoding.decode(rows, ValidationPolicy.DEFAULT).collectAsList();

    // Then each bad record is a dead letter with the expected code, passing through under the
    // partition's group, the
    // good one is a reading, and the tally counts every record read
    assertThat(decoded)
        .filteredOn(d -> d.getReading() != null)
        .singleElement()
        .satisfies(d -> assertThat(d.getReading().getBoreholeNumber()).isEqualTo("BH-OK"));
    assertThat(decoded)
        .filteredOn(d -> d.getPassThrough() != null)
        .allSatisfy(d -> assertThat(DecodedRow.isPassThroughGroup(d.getGroup())).isTrue());
    BatchOutputs sorted = BatchOutputs.sort(passedThrough(decoded));
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(15);
    assertThat(sorted.rowsIn()).isEqualTo(values.size());
    assertThat(sorted.rejects()).hasSize(corpus.size());
    Map<Long, DeadLetter> byOffset =
        sorted.rejects().stream()
            .map(r -> read(r.getJson()))
            .collect(Collectors.toMap(DeadLetter::sourceOffset, d -> d));
    for (int i = 0; i < corpus.size(); i++) {
      DeadLetter letter = byOffset.get((long) i);
      assertThat(letter).as(corpus.get(i).kind()).isNotNull();
      assertThat(letter.reasons())
          .as(corpus.get(i).kind())
          .extracting(Rejection::code)
          .contains(corpus.get(i).expected());
      assertThat(letter.stage()).isEqualTo(DeadLetter.STAGE_SPARK);
      assertThat(letter.sourceTopic()).isEqualTo("raw-poison");
      assertThat(letter.sourcePartition()).isZero();
    }
    DeadLetter utf8 = byOffset.get(4L);
    assertThat(utf8.reasons()).extracting(Rejection::code).containsExactly(RejectCode.INVALID_UTF8);
    assertThat(utf8.valueBase64()).isEqualTo("e8MofQ==");
  }

  private static List<OutputRecord> passedThrough(List<DecodedRow> decoded) {
    return decoded.stream()
        .filter(d -> d.getPassThrough() != null)
        .map(DecodedRow::getPassThrough)
        .toList();
  }

  private static DeadLetter read(String json) {
    try {
      return Json.MAPPER.readValue(json, DeadLetter.class);
    } catch (Exception e) {
      throw new AssertionError("dead letter is not readable JSON: " + json, e);
    }
  }
}
