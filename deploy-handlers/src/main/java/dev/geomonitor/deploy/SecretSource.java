package dev.geomonitor.deploy;

/** Reads a secret's text: Secrets Manager in AWS, a fixed JSON in tests. */
@FunctionalInterface
public interface SecretSource {
  String secretString(String secretId);
}
