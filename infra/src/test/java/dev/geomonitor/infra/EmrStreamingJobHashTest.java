package dev.geomonitor.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EmrStreamingJobHashTest {

  @Test
  void newJarChangesTheHash() {
    var settings = new TreeMap<>(Map.of("SHUFFLE_PARTITIONS", "3"));

    assertThat(EmrStreamingJob.hash("jar-a", settings))
        .isNotEqualTo(EmrStreamingJob.hash("jar-b", settings));
  }

  @Test
  void changedJobSettingChangesTheHash() {
    var three = new TreeMap<>(Map.of("SHUFFLE_PARTITIONS", "3"));
    var twelve = new TreeMap<>(Map.of("SHUFFLE_PARTITIONS", "12"));

    assertThat(EmrStreamingJob.hash("jar", three))
        .isNotEqualTo(EmrStreamingJob.hash("jar", twelve));
  }

  @Test
  void sameJarAndSettingsGiveTheSameHash() {
    var settings = new TreeMap<>(Map.of("PIPELINE_VERSION", "v1", "SHUFFLE_PARTITIONS", "3"));

    assertThat(EmrStreamingJob.hash("jar", settings))
        .isEqualTo(EmrStreamingJob.hash("jar", new TreeMap<>(settings)))
        .hasSize(64);
  }
}
