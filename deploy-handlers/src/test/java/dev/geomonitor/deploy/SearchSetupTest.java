package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.searchsink.SearchSinkConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSetupTest {
  private static final String SEARCH_SECRET = "{\"username\":\"geomonitor\",\"password\":\"pw\"}";

  private final List<SearchSinkConfig> installs = new ArrayList<>();
  private final List<String> versions = new ArrayList<>();
  private final List<URI> importedTo = new ArrayList<>();
  private final List<Map<String, String>> importAuth = new ArrayList<>();
  private final List<String> secretsRead = new ArrayList<>();

  private CustomResourceCore core(SearchSetup.IamAccess iam) {
    SearchIndexes indexes =
        (config, version) -> {
          installs.add(config);
          versions.add(version.label());
          return "readings->[readings-v1]";
        };
    SavedObjectsImporter importer =
        (url, signer, fileName, ndjson) -> {
          importedTo.add(url);
          importAuth.add(signer.authHeaders("POST", url, Map.of(), ndjson));
          return 15;
        };
    SecretSource secrets =
        id -> {
          secretsRead.add(id);
          return SEARCH_SECRET;
        };
    return new CustomResourceCore(
        new SearchSetup(secrets, indexes, importer, iam, "{}\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void createInstallsIndexesWithTheSecretsLoginAndImportsIntoTheDomainsDashboards() {
    CustomResourceResponse response = core(null).handle(Events.request("search-create"));

    assertThat(response.succeeded()).isTrue();
    SearchSinkConfig config = installs.get(0);
    assertThat(config.openSearchUrl())
        .isEqualTo(URI.create("https://vpc-geomonitor-dev-abc.ap-southeast-2.es.amazonaws.com"));
    assertThat(config.authMode()).isEqualTo(SearchSinkConfig.AuthMode.BASIC);
    assertThat(config.username()).isEqualTo("geomonitor");
    assertThat(versions).containsExactly("v1");
    assertThat(importedTo)
        .containsExactly(
            URI.create(
                "https://vpc-geomonitor-dev-abc.ap-southeast-2.es.amazonaws.com/_dashboards"));
    assertThat(importAuth.get(0)).containsEntry("Authorization", "Basic Z2VvbW9uaXRvcjpwdw==");
    assertThat(response.data())
        .containsEntry("PipelineVersion", "v1")
        .containsEntry("Aliases", "readings->[readings-v1]")
        .containsEntry("SavedObjectsImported", "15");
  }

  @Test
  void updateToANewVersionCreatesItsIndexesUnderTheSameId() {
    CustomResourceResponse response = core(null).handle(Events.request("search-update"));

    assertThat(versions).containsExactly("v2");
    assertThat(response.physicalResourceId())
        .isEqualTo("opensearch-setup:geomonitor-dev:DeployResourcesSearchSetup");
  }

  @Test
  void withoutACredentialsSecretRequestsAreSignedWithTheRole() {
    RequestSigner iamSigner =
        (method, uri, headers, body) -> Map.of("Authorization", "AWS4-HMAC-SHA256 test");

    core(new SearchSetup.IamAccess("ap-southeast-2", iamSigner))
        .handle(Events.request("search-create", p -> p.remove("CredentialsSecretArn")));

    assertThat(installs.get(0).authMode()).isEqualTo(SearchSinkConfig.AuthMode.SIGV4);
    assertThat(installs.get(0).region()).isEqualTo("ap-southeast-2");
    assertThat(importAuth.get(0)).containsEntry("Authorization", "AWS4-HMAC-SHA256 test");
    assertThat(secretsRead).isEmpty();
  }

  @Test
  void aDashboardsUrlPropertyReplacesTheDefault() {
    core(null)
        .handle(
            Events.request("search-create", p -> p.put("DashboardsUrl", "http://127.0.0.1:5601/")));

    assertThat(importedTo).containsExactly(URI.create("http://127.0.0.1:5601"));
  }

  @Test
  void aFailedImportFailsTheResourceNamingTheStep() {
    SearchIndexes indexes = (config, version) -> "ok";
    SavedObjectsImporter importer =
        (url, signer, fileName, ndjson) -> {
          throw new IllegalStateException(
              "Dashboards import POST " + url + " answered 403: forbidden");
        };
    CustomResourceCore failing =
        new CustomResourceCore(
            new SearchSetup(id -> SEARCH_SECRET, indexes, importer, null, new byte[0]));

    CustomResourceResponse response = failing.handle(Events.request("search-create"));

    assertThat(response.succeeded()).isFalse();
    assertThat(response.reason())
        .startsWith("opensearch-setup create failed: Dashboards import POST")
        .contains("403");
  }

  @Test
  void deleteLeavesIndexesAndDashboards() {
    CustomResourceResponse response = core(null).handle(Events.request("search-delete"));

    assertThat(response.succeeded()).isTrue();
    assertThat(installs).isEmpty();
    assertThat(importedTo).isEmpty();
  }

  @Test
  void aUrlThatIsNotHttpFailsNamingTheProperty() {
    CustomResourceResponse response =
        core(null)
            .handle(Events.request("search-create", p -> p.put("OpenSearchUrl", "vpc-geomonitor")));

    assertThat(response.reason())
        .contains("resource property OpenSearchUrl='vpc-geomonitor' is not an http(s) URL");
  }

  @Test
  void theBundledSavedObjectsAreTheSearchSinksExport() {
    String ndjson = new String(SearchSetup.bundledSavedObjects(), StandardCharsets.UTF_8);

    assertThat(ndjson.lines())
        .hasSizeGreaterThan(5)
        .allSatisfy(line -> assertThat(line).startsWith("{\"id\":"));
    assertThat(ndjson).contains("\"type\":\"dashboard\"");
  }
}
