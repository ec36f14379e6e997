package dev.geomonitor.job;

import dev.geomonitor.platform.settings.Setting;
import dev.geomonitor.platform.settings.SettingTypes;
import dev.geomonitor.platform.settings.SettingValues;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault injection for the crash tests, off unless {@code FAULT_HALT_AT} is set: when one
 * micro-batch reaches the named point, the job writes a marker file and blocks there, so a test
 * that waits for the marker can SIGKILL the JVM at exactly that point (no timed kill). The points,
 * in the order a batch passes them:
 *
 * <ul>
 *   <li>{@code before-write}: on the driver, before any partition of the batch is written;
 *   <li>{@code kafka-acked}: on the executors, in every partition of the batch, once all its Kafka
 *       records are acknowledged and before its PostgreSQL transaction commits;
 *   <li>{@code after-commit}: on the driver, once every partition is committed to PostgreSQL and
 *       Kafka, before Spark records the batch in the checkpoint's commit log.
 * </ul>
 *
 * A point blocks only in a JVM that can be killed as a whole (local mode: the executors are the
 * driver's threads); it gives up after an hour so a forgotten setting cannot hang a job for ever.
 *
 * @param stage where to halt
 * @param batchId the batch (Spark's id in the checkpoint) that halts
 * @param marker file written (atomically) when the point is reached
 */
public record FaultPoint(Stage stage, long batchId, String marker)
    implements BatchWrittenHook, Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FaultPoint.class);

  public static final Setting<String> FAULT_HALT_AT =
      Setting.optional(
          "FAULT_HALT_AT",
          SettingTypes.TEXT,
          "tests only: `before-write:N`, `kafka-acked:N` or `after-commit:N` blocks batch N at that point"
              + " (after writing `FAULT_MARKER`) so a test can SIGKILL the job there; unset in production");
  public static final Setting<String> FAULT_MARKER =
      Setting.optional(
          "FAULT_MARKER",
          SettingTypes.TEXT,
          "tests only: the file written when `FAULT_HALT_AT` is reached");

  /** Where a batch can be halted. */
  public enum Stage {
    BEFORE_WRITE,
    KAFKA_ACKED,
    AFTER_COMMIT;

    /** {@code before-write} and the like, as the setting spells it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The fault point the settings ask for, if any. */
  public static Optional<FaultPoint> from(SettingValues s) {
    String at = s.get(FAULT_HALT_AT);
    if (at == null || at.isBlank()) {
      return Optional.empty();
    }
    String marker = s.get(FAULT_MARKER);
    if (marker == null || marker.isBlank()) {
      throw new IllegalArgumentException("FAULT_HALT_AT is set: FAULT_MARKER must name a file");
    }
    return Optional.of(parse(at.trim(), marker));
  }

  static FaultPoint parse(String at, String marker) {
    int colon = at.lastIndexOf(':');
    String point = colon < 0 ? at : at.substring(0, colon);
    for (Stage stage : Stage.values()) {
      if (stage.label().equals(point)) {
        try {
          return new FaultPoint(stage, Long.parseLong(at.substring(colon + 1)), marker);
        } catch (NumberFormatException e) {
          break;
        }
      }
    }
    throw new IllegalArgumentException(
        "FAULT_HALT_AT '"
            + at
            + "' is not POINT:BATCH with POINT one of before-write, kafka-acked, after-commit");
  }

  @Override
  public void writing(String queryName, long batch) {
    reached(Stage.BEFORE_WRITE, batch);
  }

  @Override
  public void written(String queryName, long batch) {
    reached(Stage.AFTER_COMMIT, batch);
  }

  /** Halts here when {@code stage} of {@code batch} is this point: marker first, then blocks. */
  void reached(Stage at, long batch) {
    if (at != stage || batch != batchId) {
      return;
    }
    Path file = Path.of(marker);
    try {
      Path tmp = file.resolveSibling(file.getFileName() + "." + Thread.currentThread().getId());
      Files.writeString(
          tmp,
          stage.label() + ":" + batchId + " pid " + ProcessHandle.current().pid() + "\n",
          StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the fault marker " + file, e);
    }
    LOG.warn("halted at {}:{} for a test to kill this JVM (marker {})", stage.label(), batch, file);
    try {
      TimeUnit.HOURS.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException(
        "halted at " + stage.label() + ":" + batch + " and nobody killed the job");
  }
}
