package dev.geomonitor.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Which shape of the query plan wrote a checkpoint. Spark can only resume a checkpoint with the
 * same stateful operators and state schemas; started on an older shape it fails deep inside the
 * state store. This marker turns that into a clear refusal before the query starts: a plan change
 * is a new pipeline version (Kappa reprocessing) or a fresh checkpoint.
 *
 * <p>Bump {@link #CURRENT} whenever the stateful operators or their state classes change.
 */
final class CheckpointPlan {
  /**
   * 3: one flatMapGroupsWithState per series (instrument, borehole, axis) holding remembered
   * readings (timestamp, value, status), the earliest-reading baseline and windows with revisions.
   * 2 was keyed per instrument with timestamps only; 1 was a dedupe operator + separate queries.
   */
  static final String CURRENT = "3";

  static final String MARKER = "geomonitor-plan";

  private CheckpointPlan() {}

  /**
   * Writes the marker into a checkpoint Spark has not started yet, or checks it in one Spark has
   * used.
   *
   * @throws IllegalStateException when the checkpoint was written by another plan shape
   */
  static void claim(String checkpointDir, Configuration hadoop) {
    Path dir = new Path(checkpointDir);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      Path marker = new Path(dir, MARKER);
      boolean used = fs.exists(new Path(dir, "offsets")) || fs.exists(new Path(dir, "commits"));
      if (fs.exists(marker)) {
        String found = read(fs, marker);
        if (!found.equals(CURRENT)) {
          throw refused(checkpointDir, "plan " + found);
        }
        return;
      }
      if (used) {
        throw refused(checkpointDir, "an earlier plan (no " + MARKER + " marker)");
      }
      fs.mkdirs(dir);
      try (OutputStream out = fs.create(marker, true)) {
        out.write(CURRENT.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read or write " + MARKER + " in checkpoint " + checkpointDir + ": " + e, e);
    }
  }

  private static String read(FileSystem fs, Path marker) throws IOException {
    try (InputStream in = fs.open(marker)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  private static IllegalStateException refused(String checkpointDir, String what) {
    return new IllegalStateException(
        "checkpoint "
            + checkpointDir
            + " was written by "
            + what
            + " of the streaming job, and this job runs plan "
            + CURRENT
            + ": Spark cannot resume state across a plan change. Run this job as a new pipeline version,"
            + " which starts its own checkpoint from the earliest raw offset (on AWS: deploy with"
            + " -c pipeline.version=vN, then switch readers), or start this version over without the checkpoint and its"
            + " outputs (locally: ./run-local.sh --fresh, or another --data-dir).");
  }
}
