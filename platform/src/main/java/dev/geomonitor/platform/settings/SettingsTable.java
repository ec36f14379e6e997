package dev.geomonitor.platform.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Markdown configuration table of a list of declarations. READMEs hold it between {@code <!--
 * settings:NAME -->} and {@code <!-- /settings:NAME -->}; each module's docs test compares that
 * section with {@link #markdown}, so a setting added, renamed or re-defaulted without the docs
 * fails the build.
 */
public final class SettingsTable {
  private SettingsTable() {}

  public static String markdown(List<Setting<?>> settings) {
    StringBuilder b = new StringBuilder();
    b.append("| Variable | Default | Form | Meaning |\n");
    b.append("| --- | --- | --- | --- |\n");
    for (Setting<?> s : settings) {
      String dflt =
          s.defaultText() != null
              ? "`" + s.defaultText() + "`"
              : s.required() ? "required" : "(unset)";
      String form = s.unit().isEmpty() ? s.type().form() : s.type().form() + ", " + s.unit();
      b.append("| `")
          .append(s.key())
          .append("` | ")
          .append(dflt)
          .append(" | ")
          .append(form.replace("|", "\\|"))
          .append(" | ")
          .append(s.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return b.toString();
  }

  /** The text between the section's markers in a file, without the marker lines. */
  public static String section(Path file, String name) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String begin = "<!-- settings:" + name + " -->\n";
    String end = "<!-- /settings:" + name + " -->";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalStateException(file + " has no section " + begin.strip() + " ... " + end);
    }
    return text.substring(from + begin.length(), to);
  }

  /** Rewrites the section in place (run by the docs tests with {@code -Dsettings.write=true}). */
  public static void write(Path file, String name, List<Setting<?>> settings) {
    try {
      String text = Files.readString(file);
      String current = section(file, name);
      String begin = "<!-- settings:" + name + " -->\n";
      int from = text.indexOf(begin) + begin.length();
      Files.writeString(
          file,
          text.substring(0, from) + markdown(settings) + text.substring(from + current.length()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The docs check every module's test calls: the section must equal the generated table. With
   * {@code -Dsettings.write=true} the section is rewritten first (then the check passes), to
   * refresh the docs.
   */
  public static void requireDocumented(Path file, String name, List<Setting<?>> settings) {
    if (Boolean.getBoolean("settings.write")) {
      write(file, name, settings);
    }
    String expected = markdown(settings);
    String actual = section(file, name);
    if (!expected.equals(actual)) {
      throw new AssertionError(
          file
              + " section settings:"
              + name
              + " differs from the declarations; run the test with"
              + " -Dsettings.write=true to regenerate it. Expected:\n"
              + expected
              + "\nActual:\n"
              + actual);
    }
  }
}
