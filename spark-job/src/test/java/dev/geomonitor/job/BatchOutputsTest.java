package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.batchstore.BatchCounts;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchOutputsTest {
  @Test
  void rawRecordsNeitherPublishedNorRejectedCountAsDuplicates() {
    // Given two partitions that read 7 raw records, 4 readings, 1 alert and 2 rejections came out
    List<OutputRecord> records =
        List.of(
            OutputRecord.tally(4),
            OutputRecord.tally(3),
            OutputRecord.of(OutputRecord.Kind.READING, "k", "{}"),
            OutputRecord.of(OutputRecord.Kind.READING, "k", "{}"),
            OutputRecord.of(OutputRecord.Kind.READING, "k", "{}"),
            OutputRecord.of(OutputRecord.Kind.READING, "k", "{}"),
            OutputRecord.of(OutputRecord.Kind.ALERT, "k", "{}"),
            OutputRecord.of(OutputRecord.Kind.REJECT, "k", "{}"),
            OutputRecord.of(OutputRecord.Kind.REJECT, "k", "{}"));

    // When sorted
    BatchOutputs outputs = BatchOutputs.sort(records);

    // Then in = readings + rejected + duplicates, and alerts are not inputs
    assertThat(outputs.counts()).isEqualTo(new BatchCounts(7, 4, 2, 1));
    assertThat(outputs.recordsOut()).isEqualTo(7);
  }
}
