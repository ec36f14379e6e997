package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointPlanTest {
  @TempDir Path dir;

  @Test
  void aNewCheckpointIsMarkedAndThenAccepted() throws Exception {
    Path checkpoint = dir.resolve("readings-v1");

    CheckpointPlan.claim(checkpoint.toString(), new Configuration());
    Files.createDirectories(checkpoint.resolve("offsets"));
    CheckpointPlan.claim(checkpoint.toString(), new Configuration());

    assertThat(Files.readString(checkpoint.resolve(CheckpointPlan.MARKER)))
        .isEqualTo(CheckpointPlan.CURRENT);
  }

  @Test
  void aCheckpointOfAnEarlierPlanIsRefusedWithWhatToDo() throws Exception {
    // Given a checkpoint Spark used before the marker existed
    Path checkpoint = dir.resolve("readings-v1");
    Files.createDirectories(checkpoint.resolve("offsets"));

    // Then starting on it is refused, naming the checkpoint and the ways out
    assertThatThrownBy(() -> CheckpointPlan.claim(checkpoint.toString(), new Configuration()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(checkpoint.toString())
        .hasMessageContaining("pipeline.version=vN")
        .hasMessageContaining("--fresh");
    assertThat(checkpoint.resolve(CheckpointPlan.MARKER)).doesNotExist();
  }

  @Test
  void aCheckpointMarkedByAnotherPlanIsRefused() throws Exception {
    Path checkpoint = dir.resolve("readings-v1");
    Files.createDirectories(checkpoint);
    Files.writeString(checkpoint.resolve(CheckpointPlan.MARKER), "1");

    assertThatThrownBy(() -> CheckpointPlan.claim(checkpoint.toString(), new Configuration()))
        .hasMessageContaining("plan 1");
  }
}
