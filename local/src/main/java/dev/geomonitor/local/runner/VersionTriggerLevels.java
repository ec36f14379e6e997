package dev.geomonitor.local.runner;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.TriggerLevelCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A version's trigger levels are part of its logic: the file a version was started with is kept in
 * the data directory, so a later start (the runner restarted after a reprocessing run) resumes that
 * version with the same levels, and the live page draws the levels of the version readers see.
 */
final class VersionTriggerLevels {
  private final Path dir;

  VersionTriggerLevels(Path dir) {
    this.dir = dir;
  }

  /**
   * Keeps {@code given} (validated first) as the version's levels; returns the file to run with, or
   * null.
   */
  Path remember(PipelineVersion version, Path given) {
    Path kept = file(version);
    if (given != null) {
      TriggerLevelCatalog.withOverrides(given);
      try {
        Files.createDirectories(dir);
        Files.copy(given, kept, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot keep the trigger levels of " + version + " in " + kept, e);
      }
    }
    return Files.exists(kept) ? kept : null;
  }

  TriggerLevelCatalog catalog(PipelineVersion version) {
    Path kept = file(version);
    return Files.exists(kept)
        ? TriggerLevelCatalog.withOverrides(kept)
        : TriggerLevelCatalog.defaults();
  }

  private Path file(PipelineVersion version) {
    return dir.resolve(version.label() + ".json");
  }
}
