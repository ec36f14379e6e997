package dev.geomonitor.local.runner;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.job.StreamingJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.OffsetSpec;

/**
 * Kappa reprocessing: version N+1 of the job replays the retained raw log from its first offset
 * into its own outputs beside version N, which keeps serving; once N+1 has caught up, readers are
 * switched (OpenSearch aliases in one {@code _aliases} call, PostgreSQL views in one transaction)
 * and N is stopped.
 */
public final class Reprocessing {
  private final LocalStack stack;
  private final Consumer<String> console;

  /**
   * @param from the version readers see now
   * @param to the version to build (from != to)
   * @param triggerLevels the changed logic of the new version, if it is a trigger-levels change
   *     (may be null)
   * @param lagThreshold raw records the new version may still lag behind by when the switch happens
   * @param resume continue a reprocessing run that was interrupted (its outputs and checkpoint
   *     exist)
   * @param dropOld drop the old version's outputs after the switch
   * @param timeout give up (without switching) when catching up takes longer
   */
  public record Plan(
      PipelineVersion from,
      PipelineVersion to,
      Path triggerLevels,
      long lagThreshold,
      boolean resume,
      boolean dropOld,
      Duration timeout) {}

  /** Why a reprocessing run would be unsafe or pointless: each says what to do instead. */
  public static final class RefusedException extends RuntimeException {
    public RefusedException(String message) {
      super(message);
    }
  }

  public Reprocessing(LocalStack stack, Consumer<String> console) {
    this.stack = stack;
    this.console = console;
  }

  /** Every guard rail, before anything is started. */
  public void check(Plan plan) {
    if (plan.to().equals(plan.from())) {
      throw new RefusedException(
          "the new version must differ from the serving one (both " + plan.to() + ")");
    }
    PipelineVersion active = stack.store().activeVersion().orElse(null);
    if (active != null && !active.equals(plan.from())) {
      throw new RefusedException(
          "readers see "
              + active
              + ", not "
              + plan.from()
              + ": reprocess from the serving version (--from "
              + active
              + ")");
    }
    Map<Integer, Long> earliest =
        RawLog.offsets(stack.admin(), stack.topics().raw(), OffsetSpec.earliest());
    List<String> lost = new ArrayList<>();
    earliest.forEach(
        (partition, offset) -> {
          if (offset > 0) {
            lost.add("partition " + partition + " starts at offset " + offset);
          }
        });
    if (!lost.isEmpty()) {
      throw new RefusedException(
          "the raw topic "
              + stack.topics().raw()
              + " no longer holds the beginning of the data ("
              + String.join(", ", lost)
              + "): retention deleted records, so a replay would silently recompute a partial history. Restore"
              + " the log (or accept the loss explicitly by reprocessing from a snapshot) before reprocessing.");
    }
    if (plan.triggerLevels() != null && !Files.isReadable(plan.triggerLevels())) {
      throw new RefusedException(
          "--trigger-levels " + plan.triggerLevels() + " is not a readable file");
    }
    List<String> existing = existingOutputs(plan.to());
    if (!existing.isEmpty() && !plan.resume()) {
      throw new RefusedException(
          "outputs of "
              + plan.to()
              + " already exist ("
              + String.join(", ", existing)
              + "): pass --resume to"
              + " continue that run from its checkpoint, or choose another --to version");
    }
  }

  /**
   * Runs the plan: build, catch up, switch, retire. Returns how long the replay took to catch up.
   */
  public Duration run(Plan plan) throws Exception {
    check(plan);
    long started = System.nanoTime();
    stack.prepareOutputs(plan.to());
    StreamingJob job = stack.startJob(plan.to(), plan.triggerLevels());
    awaitCaughtUp(plan, job, started);
    Duration catchUp = Duration.ofNanos(System.nanoTime() - started);
    switchReaders(plan);
    stack.stopJob(plan.from());
    console.accept("  stopped " + plan.from() + "; " + plan.to() + " serves");
    if (plan.dropOld()) {
      stack.indexAdmin().dropVersion(plan.from());
      stack.store().dropVersion(plan.from());
      console.accept("  dropped the outputs of " + plan.from());
    }
    return catchUp;
  }

  private void awaitCaughtUp(Plan plan, StreamingJob job, long startedNanos) throws Exception {
    String raw = stack.topics().raw();
    long deadline = startedNanos + plan.timeout().toNanos();
    while (true) {
      long head = RawLog.total(RawLog.offsets(stack.admin(), raw, OffsetSpec.latest()));
      long read = Math.max(0, RawLog.readBy(job.readingsQuery(), raw));
      double seconds = (System.nanoTime() - startedNanos) / 1e9;
      console.accept(
          String.format(
              "  %s catching up: %,d of %,d raw records (%.0f%%), lag %,d, %.0f records/s",
              plan.to(),
              read,
              head,
              head == 0 ? 100.0 : 100.0 * read / head,
              head - read,
              read / seconds));
      if (head - read <= plan.lagThreshold()) {
        drain(job, deadline);
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            plan.to()
                + " did not catch up within "
                + plan.timeout()
                + " (lag "
                + (head - read)
                + "); nothing was"
                + " switched. Run reprocess again with --resume to continue from its checkpoint.");
      }
      for (var q : job.queries()) {
        if (q.exception().isDefined()) {
          throw new IllegalStateException(
              "query "
                  + q.name()
                  + " of "
                  + plan.to()
                  + " failed: "
                  + q.exception().get().getMessage(),
              q.exception().get());
        }
      }
      Thread.sleep(2000);
    }
  }

  /**
   * Finishes what is in the logs now, while the producer goes on writing: the new version's job
   * reaches the raw topic's current end, then the search sink commits past the output topics' ends
   * as they were at that moment. Offsets, partition by partition, say when each is done (Spark's
   * processAllAvailable would wait for a moment without new data, which a live log never has).
   */
  private void drain(StreamingJob job, long deadline) throws InterruptedException {
    String raw = stack.topics().raw();
    Map<Integer, Long> rawEnd = RawLog.offsets(stack.admin(), raw, OffsetSpec.latest());
    awaitOffsets(
        "raw log read by the readings query",
        deadline,
        () -> RawLog.covers(RawLog.readOffsets(job.readingsQuery(), raw), rawEnd));
    if (stack.sink() != null) {
      Map<String, Map<Integer, Long>> outputsEnd = new java.util.HashMap<>();
      for (String topic : stack.topics().outputs()) {
        outputsEnd.put(topic, RawLog.offsets(stack.admin(), topic, OffsetSpec.latest()));
      }
      awaitOffsets(
          "outputs indexed by the search sink",
          deadline,
          () -> stack.health().sinkCommitted(outputsEnd));
    }
  }

  private void awaitOffsets(String what, long deadline, java.util.function.BooleanSupplier done)
      throws InterruptedException {
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out waiting for the "
                + what
                + "; nothing was switched. Run reprocess again with --resume.");
      }
      Thread.sleep(500);
    }
    console.accept("  caught up: " + what);
  }

  private void switchReaders(Plan plan) {
    stack.indexAdmin().switchAliases(plan.from(), plan.to());
    stack.store().activate(plan.to());
    console.accept(
        "  switched readers " + plan.from() + " -> " + plan.to() + " (aliases and views)");
  }

  private List<String> existingOutputs(PipelineVersion version) {
    List<String> found = new ArrayList<>();
    if (Files.exists(stack.settings().checkpointDir(version))) {
      found.add("checkpoint " + stack.settings().checkpointDir(version));
    }
    if (stack.store().exists(version)) {
      found.add("PostgreSQL schema " + version.schema());
    }
    for (var kind : dev.geomonitor.searchsink.IndexLayout.versionedKinds()) {
      String index = stack.sinkConfig(version).indexLayout().index(kind, version);
      if (indexExists(index)) {
        found.add("OpenSearch index " + index);
      }
    }
    return found;
  }

  private boolean indexExists(String index) {
    try {
      var request =
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create(stack.openSearch().httpUrl() + "/" + index))
              .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
              .timeout(Duration.ofSeconds(10))
              .build();
      int status =
          java.net.http.HttpClient.newHttpClient()
              .send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
              .statusCode();
      return status == 200;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "cannot ask OpenSearch whether " + index + " exists: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking index " + index, e);
    }
  }
}
