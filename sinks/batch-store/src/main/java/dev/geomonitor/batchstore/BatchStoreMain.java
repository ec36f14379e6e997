package dev.geomonitor.batchstore;

import dev.geomonitor.domain.PipelineVersion;
import java.util.Map;

/**
 * Operator commands on the batch store, for the reprocessing runbook on AWS (run from a host in the
 * VPC with the deploy-handlers jar, which bundles this module):
 *
 * <pre>
 *   JDBC_URL=... JDBC_USER=... JDBC_PASSWORD=... java -cp deploy-handlers-...-lambda.jar \
 *       dev.geomonitor.batchstore.BatchStoreMain activate v2      # switch every monitoring view in one transaction
 *   ... BatchStoreMain active                                      # print the version readers see
 *   ... BatchStoreMain drop v1                                     # drop a replaced version's schema
 * </pre>
 */
public final class BatchStoreMain {
  private BatchStoreMain() {}

  public static void main(String[] args) {
    int status = run(args, System.getenv());
    if (status != 0) {
      System.exit(status);
    }
  }

  static int run(String[] args, Map<String, String> env) {
    if (args.length < 1 || !(args[0].equals("active") || args.length == 2)) {
      System.err.println("usage: BatchStoreMain activate <version> | drop <version> | active");
      System.err.println("       connection from JDBC_URL, JDBC_USER, JDBC_PASSWORD");
      return 64;
    }
    String url = env.get("JDBC_URL");
    if (url == null || url.isBlank()) {
      System.err.println(
          "error: JDBC_URL is not set (e.g. jdbc:postgresql://host:5432/geomonitor?sslmode=require)");
      return 64;
    }
    BatchStore store =
        new BatchStore(new BatchStoreConfig(url, env.get("JDBC_USER"), env.get("JDBC_PASSWORD")));
    switch (args[0]) {
      case "active" ->
          System.out.println(store.activeVersion().map(PipelineVersion::label).orElse("none"));
      case "activate" -> {
        PipelineVersion v = PipelineVersion.parse(args[1]);
        if (!store.exists(v)) {
          System.err.println(
              "error: " + v.schema() + " does not exist: reprocess into " + v + " first");
          return 1;
        }
        store.activate(v);
        System.out.println("readers now see " + v);
      }
      case "drop" -> {
        store.dropVersion(PipelineVersion.parse(args[1]));
        System.out.println("dropped " + PipelineVersion.parse(args[1]).schema());
      }
      default -> {
        System.err.println("error: unknown command '" + args[0] + "' (activate, drop, active)");
        return 64;
      }
    }
    return 0;
  }
}
