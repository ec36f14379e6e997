package dev.geomonitor.local.page;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium driven from the command line: {@code --dump-dom} to read the page as
 * rendered after its scripts ran, {@code --screenshot} to look at it. Each run gets a fresh profile
 * so runs cannot affect each other.
 */
public final class HeadlessChromium {

  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

  private final Path binary;
  private final Path workDir;

  private HeadlessChromium(Path binary, Path workDir) {
    this.binary = binary;
    this.workDir = workDir;
  }

  /**
   * Fails the test (never skips it) when Chromium is missing: the page would otherwise go untested
   * unnoticed.
   */
  public static HeadlessChromium locate(Path workDir) {
    Path binary = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    if (!Files.isExecutable(binary)) {
      fail(
          "Chromium is not installed at "
              + binary
              + ": run the project's install script (it installs the Debian"
              + " package: apt-get install -y --no-install-recommends chromium) or pass -Dchromium.binary=<path>");
    }
    return new HeadlessChromium(binary, workDir);
  }

  /** The DOM after the page's scripts ran for {@code virtualTime} of (fast-forwarded) page time. */
  public String dumpDom(URI url, Duration virtualTime) {
    Path out = workDir.resolve("dom-" + System.nanoTime() + ".html");
    run(List.of("--dump-dom", "--window-size=1440,1400"), url, virtualTime, out);
    try {
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void screenshot(URI url, Path png, int width, int height, Duration virtualTime) {
    run(
        List.of(
            "--screenshot=" + png.toAbsolutePath(),
            "--window-size=" + width + "," + height,
            "--hide-scrollbars"),
        url,
        virtualTime,
        workDir.resolve("screenshot-" + System.nanoTime() + ".log"));
  }

  private void run(List<String> mode, URI url, Duration virtualTime, Path stdout) {
    Path profile;
    try {
      profile = Files.createTempDirectory(workDir, "chromium-profile-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=" + virtualTime.toMillis()));
    command.addAll(mode);
    command.add(url.toString());
    Path stderr = workDir.resolve("chromium-" + System.nanoTime() + ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(
            "Chromium did not finish within "
                + RUN_TIMEOUT
                + " on "
                + url
                + "; its log: "
                + stderr);
      }
      if (process.exitValue() != 0) {
        fail(
            "Chromium exited with "
                + process.exitValue()
                + " on "
                + url
                + ": "
                + Files.readString(stderr, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while Chromium rendered " + url, e);
    }
  }
}
