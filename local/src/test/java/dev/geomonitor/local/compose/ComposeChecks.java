package dev.geomonitor.local.compose;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's own rules for local/docker-compose.yml, beyond the compose-spec schema: each
 * returns the problems it found, worded so the message says what to fix.
 */
final class ComposeChecks {

  /** What the pipeline needs to run end to end (the logstash profile is optional). */
  static final Set<String> REQUIRED_SERVICES =
      Set.of(
          "kafka",
          "kafka-init",
          "postgres",
          "opensearch",
          "opensearch-dashboards",
          "dashboards-import",
          "simulator",
          "producer",
          "spark-job",
          "search-sink");

  private static final Pattern BUILD_OUTPUT =
      Pattern.compile("(.+)/target/([a-z0-9-]+)-(\\d[^-]*(?:-SNAPSHOT)?)-([a-z]+)\\.jar");
  private static final Pattern JAVA_CLASS =
      Pattern.compile("(?:[a-z][a-z0-9]*\\.)+[A-Z][A-Za-z0-9]*");
  private static final Pattern FROM_LINE = Pattern.compile("(?m)^FROM\\s+(\\S+)");

  private final Path composeDir;
  private final Path repoRoot;

  ComposeChecks(Path composeDir, Path repoRoot) {
    this.composeDir = composeDir;
    this.repoRoot = repoRoot;
  }

  List<String> missingServices(JsonNode doc) {
    List<String> problems = new ArrayList<>();
    for (String name : REQUIRED_SERVICES) {
      if (!doc.path("services").has(name)) {
        problems.add("service '" + name + "' is missing: the pipeline needs it");
      }
    }
    return problems;
  }

  /** Every image, in the file and in the Dockerfiles it builds, names an exact version. */
  List<String> unpinnedImages(JsonNode doc) {
    List<String> problems = new ArrayList<>();
    forEachService(
        doc,
        (name, service) -> {
          if (service.has("image")) {
            checkPinned("service '" + name + "'", service.get("image").asText(), problems);
          }
          JsonNode build = service.path("build");
          if (build.has("dockerfile")) {
            Path dockerfile =
                composeDir
                    .resolve(build.path("context").asText("."))
                    .resolve(build.get("dockerfile").asText());
            if (Files.isRegularFile(dockerfile)) {
              Matcher from = FROM_LINE.matcher(read(dockerfile));
              while (from.find()) {
                checkPinned(
                    "Dockerfile " + repoRoot.relativize(dockerfile.normalize()),
                    from.group(1),
                    problems);
              }
            }
          }
        });
    return problems;
  }

  /** Two services publishing the same host port could never run together. */
  List<String> hostPortCollisions(JsonNode doc) {
    List<String> problems = new ArrayList<>();
    Map<String, String> owners = new HashMap<>();
    forEachService(
        doc,
        (name, service) -> {
          for (JsonNode port : service.path("ports")) {
            String host = hostPort(port);
            if (host == null) {
              continue;
            }
            String previous = owners.putIfAbsent(host, name);
            if (previous != null) {
              problems.add(
                  "host port "
                      + host
                      + " is published by both '"
                      + previous
                      + "' and '"
                      + name
                      + "'");
            }
          }
        });
    return problems;
  }

  /** depends_on names services that exist; waiting for health needs a healthcheck to wait for. */
  List<String> brokenDependencies(JsonNode doc) {
    List<String> problems = new ArrayList<>();
    JsonNode services = doc.path("services");
    forEachService(
        doc,
        (name, service) -> {
          JsonNode dependsOn = service.path("depends_on");
          List<String> targets = new ArrayList<>();
          if (dependsOn.isArray()) {
            dependsOn.forEach(t -> targets.add(t.asText()));
          } else {
            dependsOn.fieldNames().forEachRemaining(targets::add);
          }
          for (String target : targets) {
            if (!services.has(target)) {
              problems.add("'" + name + "' depends on '" + target + "', which is not a service");
            } else if ("service_healthy".equals(dependsOn.path(target).path("condition").asText())
                && !services.path(target).has("healthcheck")) {
              problems.add(
                  "'"
                      + name
                      + "' waits for '"
                      + target
                      + "' to be healthy, but it has no healthcheck");
            }
          }
        });
    return problems;
  }

  /**
   * Files the stack mounts or builds from exist in the repo; a jar under target/ is a build output,
   * so the module it names must exist and declare that artifact and classifier; a main class must
   * exist as source.
   */
  List<String> missingLocalFiles(JsonNode doc) {
    List<String> problems = new ArrayList<>();
    forEachService(
        doc,
        (name, service) -> {
          for (JsonNode volume : service.path("volumes")) {
            String source =
                volume.isTextual() ? volume.asText().split(":")[0] : volume.path("source").asText();
            if (source.startsWith(".") || source.startsWith("/")) {
              checkPath(name, composeDir.resolve(source), problems);
            }
          }
          JsonNode build = service.path("build");
          if (!build.isMissingNode()) {
            Path context =
                composeDir.resolve(
                    build.isTextual() ? build.asText() : build.path("context").asText("."));
            checkPath(name, context, problems);
            if (build.has("dockerfile")) {
              checkPath(name, context.resolve(build.get("dockerfile").asText()), problems);
            }
            build
                .path("args")
                .fields()
                .forEachRemaining(
                    arg -> checkReference(name, context, arg.getValue().asText(), true, problems));
          }
          for (JsonNode word : service.path("command")) {
            checkReference(name, composeDir, word.asText(), false, problems);
          }
        });
    return problems;
  }

  /**
   * A build argument holding a path (it contains '/'), or a command word that is a jar or a
   * repo-relative path ("./", "../"), must exist; a dev.geomonitor class name must be a main class
   * of some module. Paths inside the container (starting with '/') are the image's business.
   */
  private void checkReference(
      String service, Path base, String value, boolean buildArg, List<String> problems) {
    boolean repoPath =
        value.startsWith("./")
            || value.startsWith("../")
            || (!value.startsWith("/")
                && (value.endsWith(".jar") || (buildArg && value.contains("/"))));
    if (repoPath) {
      checkPath(service, base.resolve(value), problems);
    } else if (value.startsWith("dev.geomonitor.") && JAVA_CLASS.matcher(value).matches()) {
      checkMainClass(service, value, problems);
    }
  }

  private void checkPath(String service, Path path, List<String> problems) {
    Path normalized = path.normalize();
    Matcher output =
        BUILD_OUTPUT.matcher(repoRoot.relativize(normalized).toString().replace('\\', '/'));
    if (output.matches()) {
      Path pom = repoRoot.resolve(output.group(1)).resolve("pom.xml");
      if (!Files.isRegularFile(pom)) {
        problems.add(
            "'"
                + service
                + "' uses "
                + normalized
                + " but no module "
                + output.group(1)
                + " builds it");
        return;
      }
      String text = read(pom);
      if (!text.contains("<artifactId>" + output.group(2) + "</artifactId>")
          || !text.contains(
              "<shadedClassifierName>" + output.group(4) + "</shadedClassifierName>")) {
        problems.add(
            "'"
                + service
                + "' uses "
                + normalized
                + " but "
                + repoRoot.relativize(pom)
                + " does not build artifact "
                + output.group(2)
                + " with classifier "
                + output.group(4));
      }
      return;
    }
    if (!Files.exists(normalized)) {
      problems.add(
          "'" + service + "' refers to " + normalized + ", which does not exist in the repo");
    }
  }

  private void checkMainClass(String service, String className, List<String> problems) {
    String file = className.replace('.', '/') + ".java";
    // Modules sit at most two folders deep (sinks/search-sink/pom.xml).
    try (var poms = Files.walk(repoRoot, 3)) {
      boolean found =
          poms.filter(p -> p.getFileName().toString().equals("pom.xml"))
              .anyMatch(
                  pom -> Files.isRegularFile(pom.resolveSibling("src/main/java").resolve(file)));
      if (!found) {
        problems.add(
            "'" + service + "' runs main class " + className + ", which no module defines");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void checkPinned(String where, String image, List<String> problems) {
    String afterRegistry = image.substring(image.lastIndexOf('/') + 1);
    int colon = afterRegistry.indexOf(':');
    String tag = colon < 0 ? "" : afterRegistry.substring(colon + 1);
    if (image.contains("@sha256:")) {
      return;
    }
    if (tag.isEmpty() || tag.equals("latest") || !tag.matches(".*\\d.*")) {
      problems.add(where + " uses image '" + image + "': pin an exact version tag");
    }
  }

  private static String hostPort(JsonNode port) {
    if (port.isObject()) {
      return port.has("published") ? port.get("published").asText() : null;
    }
    String[] parts = port.asText().split(":");
    return parts.length >= 2 ? parts[parts.length - 2] : null;
  }

  private interface ServiceVisitor {
    void visit(String name, JsonNode service);
  }

  private static void forEachService(JsonNode doc, ServiceVisitor visitor) {
    Iterator<Map.Entry<String, JsonNode>> it = doc.path("services").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      visitor.visit(e.getKey(), e.getValue());
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
