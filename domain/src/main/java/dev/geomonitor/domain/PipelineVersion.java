package dev.geomonitor.domain;

import dev.geomonitor.platform.settings.Setting;
import dev.geomonitor.platform.settings.SettingType;
import java.util.regex.Pattern;

/**
 * The version of the processing logic that produced an output ({@code v1}, {@code v2}...). Outputs
 * are written per version (OpenSearch {@code readings-v1} behind the alias {@code readings};
 * PostgreSQL schema {@code pipeline_v1} behind the views in {@code monitoring}) so that
 * reprocessing can build version N+1 beside N and switch readers atomically.
 */
public record PipelineVersion(int number) {
  /**
   * {@code PIPELINE_VERSION}, as every process declares it (with what the version selects there).
   */
  public static Setting<PipelineVersion> setting(String description) {
    return Setting.of(
        "PIPELINE_VERSION",
        new SettingType<>("v<N>", (key, text) -> parse(text)),
        "v1",
        description);
  }

  private static final Pattern FORMAT = Pattern.compile("v([1-9][0-9]{0,3})");

  public PipelineVersion {
    if (number < 1) {
      throw new IllegalArgumentException("pipeline versions start at v1, got " + number);
    }
  }

  public static PipelineVersion parse(String text) {
    var m = FORMAT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "pipeline version must look like v1, v2, ...; got '" + text + "'");
    }
    return new PipelineVersion(Integer.parseInt(m.group(1)));
  }

  public PipelineVersion next() {
    return new PipelineVersion(number + 1);
  }

  /** {@code v1}: the value of every record's {@code pipeline_version} field. */
  public String label() {
    return "v" + number;
  }

  /** OpenSearch index of this version for a base name: {@code readings} → {@code readings-v1}. */
  public String index(String alias) {
    return alias + "-" + label();
  }

  /** PostgreSQL schema holding this version's tables: {@code pipeline_v1}. */
  public String schema() {
    return "pipeline_" + label();
  }

  @Override
  public String toString() {
    return label();
  }
}
