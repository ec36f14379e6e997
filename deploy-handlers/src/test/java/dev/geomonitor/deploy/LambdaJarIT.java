package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs after {@code package}: the artifact the CDK app deploys holds what the three handlers need
 * at run time.
 */
class LambdaJarIT {
  private static final Path JAR = Path.of("target/deploy-handlers-1.0.0-SNAPSHOT-lambda.jar");

  private static Set<String> entries() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      return jar.stream().map(e -> e.getName()).collect(Collectors.toSet());
    }
  }

  @Test
  void theShadedJarHoldsTheThreeHandlersAndTheirResources() throws IOException {
    Set<String> entries = entries();

    assertThat(entries)
        .contains(
            "dev/geomonitor/deploy/TopicsResourceHandler.class",
            "dev/geomonitor/deploy/SchemaMigrationHandler.class",
            "dev/geomonitor/deploy/SearchSetupHandler.class",
            "dev/geomonitor/platform/kafka/TopicProvisioner.class",
            "dev/geomonitor/batchstore/db/pipeline/V1__pipeline_tables.sql",
            "dashboards/geomonitor.ndjson",
            "dev/geomonitor/domain/trigger-levels-default.json",
            "software/amazon/msk/auth/iam/IAMLoginModule.class",
            "META-INF/services/org.flywaydb.core.extensibility.Plugin");
  }

  @Test
  void theShadedJarCarriesNoSparkAndNoSignatures() throws IOException {
    Set<String> entries = entries();

    assertThat(entries).noneMatch(e -> e.startsWith("org/apache/spark/"));
    assertThat(entries).noneMatch(e -> e.matches("META-INF/[^/]+\\.(SF|RSA|DSA)"));
    assertThat(Files.size(JAR)).isLessThan(80L * 1024 * 1024);
  }
}
