package dev.geomonitor.local.runner;

import dev.geomonitor.alarms.AlarmApi;
import dev.geomonitor.alarms.AlarmConfig;
import dev.geomonitor.alarms.AlarmRuntime;
import dev.geomonitor.alarms.AlarmSearch;
import dev.geomonitor.alarms.AlarmStore;
import dev.geomonitor.alarms.RateLimit;
import dev.geomonitor.alarms.RateTriggerVersions;
import dev.geomonitor.alarms.RateTriggers;
import dev.geomonitor.batchstore.BatchStore;
import dev.geomonitor.batchstore.BatchStoreConfig;
import dev.geomonitor.batchstore.TriggerLevelVersions;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevelHistory;
import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.embedded.OpenSearchNode;
import dev.geomonitor.embedded.PostgresServer;
import dev.geomonitor.embedded.Shutdown;
import dev.geomonitor.job.JobConfig;
import dev.geomonitor.job.StreamingJob;
import dev.geomonitor.local.page.JdbcBatchViews;
import dev.geomonitor.local.page.LivePageServer;
import dev.geomonitor.local.page.OpenSearchLiveReadings;
import dev.geomonitor.local.page.PageApi;
import dev.geomonitor.platform.kafka.KafkaClients;
import dev.geomonitor.platform.kafka.KafkaConnection;
import dev.geomonitor.platform.kafka.TopicProvisioner;
import dev.geomonitor.producer.KafkaSettings;
import dev.geomonitor.producer.ProducerConfig;
import dev.geomonitor.producer.ProducerLoop;
import dev.geomonitor.producer.ProducerRuntime;
import dev.geomonitor.producer.TopicLayout;
import dev.geomonitor.searchsink.IndexAdmin;
import dev.geomonitor.searchsink.OpenSearchClients;
import dev.geomonitor.searchsink.OpenSearchConnection;
import dev.geomonitor.searchsink.OpenSearchRest;
import dev.geomonitor.searchsink.SearchSinkConfig;
import dev.geomonitor.searchsink.SearchSinkLoop;
import dev.geomonitor.simulator.Faults;
import dev.geomonitor.simulator.SimulatorConfig;
import dev.geomonitor.simulator.SimulatorServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.spark.sql.SparkSession;

/**
 * The whole pipeline on one machine, real components in their own processes where they need them
 * (Kafka broker, OpenSearch node, PostgreSQL) and in this JVM otherwise (simulator, producer loop,
 * Spark job, sink, live page). Each stage is a method so that the runner, the reprocessing command
 * and the end-to-end tests start exactly what they need, in order, and {@link #close()} stops
 * whatever was started, in reverse order.
 */
public final class LocalStack implements AutoCloseable {
  /**
   * The search sink's consumer group: one sink indexes every version (each record names its own).
   */
  public static final String SINK_GROUP = "geomonitor-search-sink";

  private final LocalSettings settings;
  private final Topics topics;
  private final Consumer<String> console;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final VersionTriggerLevels versionLevels;

  private KafkaBroker kafka;
  private PostgresServer postgres;
  private OpenSearchNode openSearch;
  private Admin admin;
  private BatchStore store;
  private IndexAdmin indexAdmin;
  private SimulatorServer simulator;
  private ProducerRuntime producerRuntime;
  private ProducerLoop producerLoop;
  private SparkSession spark;
  private final Map<PipelineVersion, StreamingJob> jobs = new java.util.LinkedHashMap<>();
  private SearchSinkLoop sink;
  private LivePageServer page;
  private StackHealth health;
  private volatile AlarmRuntime alarms;

  public LocalStack(LocalSettings settings, Topics topics, Consumer<String> console) {
    this.settings = settings;
    this.versionLevels = new VersionTriggerLevels(settings.dataDir().resolve("trigger-levels"));
    this.topics = topics;
    this.console = console;
  }

  /** Everything, in dependency order: what {@code ./run-local.sh} starts. */
  public LocalStack startAll() {
    startServices();
    prepareOutputs(settings.pipelineVersion());
    startSimulator();
    startProducer();
    startJob(settings.pipelineVersion());
    startSink(settings.pipelineVersion());
    startPage();
    startAlarms(AlarmConfig.defaults());
    return this;
  }

  /** Kafka, PostgreSQL and OpenSearch, then the topics. */
  public void startServices() {
    DataDirectory.prepare(settings.dataDir(), settings.fresh());
    kafka = step("Kafka broker", () -> KafkaBroker.start(settings.kafkaDir()));
    console.accept(
        "    bootstrap servers " + kafka.bootstrapServers() + "  (log " + kafka.logFile() + ")");
    postgres = step("PostgreSQL", () -> PostgresServer.start(settings.postgresDir()));
    console.accept("    " + postgres.jdbcUrl() + "  user " + postgres.username());
    openSearch = step("OpenSearch node", () -> OpenSearchNode.start(settings.openSearchDir()));
    console.accept("    " + openSearch.httpUrl() + "  (log " + openSearch.logFile() + ")");
    // Where the services listen, for ./run-local.sh kafka-console-consumer and the like to find
    // them.
    new KafkaConsoleConsumerCommand.StackAddresses(
            kafka.bootstrapServers(), postgres.jdbcUrl(), openSearch.httpUrl())
        .write(settings.dataDir());
    admin = track(Admin.create(adminProperties()));
    step(
        "topics",
        () -> {
          new TopicProvisioner(admin, Duration.ofSeconds(30))
              .ensure(TopicLayout.defaults(2, (short) 1).specsFor(topics));
          return topics;
        });
    store =
        new BatchStore(
            new BatchStoreConfig(postgres.jdbcUrl(), postgres.username(), postgres.password()));
    SearchSinkConfig sinkConfig = sinkConfig(settings.pipelineVersion());
    indexAdmin =
        new IndexAdmin(
            new OpenSearchRest(OpenSearchClients.create(sinkConfig)), sinkConfig.indexLayout());
  }

  /**
   * Creates a version's PostgreSQL schema and OpenSearch indexes. When no version is active yet
   * (first start) this one becomes what readers see; otherwise readers stay where they are until a
   * reprocessing run switches them.
   */
  public void prepareOutputs(PipelineVersion version) {
    step(
        "outputs " + version,
        () -> {
          store.migrate(version);
          store.syncTriggerLevels(TriggerLevelCatalog.defaults());
          indexAdmin.installTemplates();
          indexAdmin.ensure(version);
          if (store.activeVersion().isEmpty()) {
            store.activate(version);
          }
          return version;
        });
  }

  /** Starts the simulator, unless the producer polls a real API ({@code --api-url}). */
  public void startSimulator() {
    if (!settings.usesSimulator()) {
      console.accept("  simulator not started: the producer polls " + source());
      return;
    }
    SimulatorConfig config =
        SimulatorConfig.defaults()
            .withSeed(settings.seed())
            .withInstrumentsPerType(settings.instrumentsPerType())
            .withApiVersion(settings.apiVersion())
            .withPace(settings.pace())
            .withPort(settings.simulatorPort())
            .withFaults(settings.faults() ? DemoFaults.DEMO : Faults.none());
    simulator = track(step("API simulator", () -> SimulatorServer.start(config)));
    console.accept("    " + simulator.baseUrl() + "/params/all/");
  }

  public void startProducer() {
    URI api = settings.usesSimulator() ? URI.create(simulator.baseUrl()) : settings.apiUrl();
    ProducerConfig config =
        ProducerConfig.local(
            api,
            settings.endpoints(),
            KafkaSettings.local(kafka.bootstrapServers()),
            topics,
            settings.pollInterval());
    producerRuntime = track(ProducerRuntime.start(config));
    producerLoop =
        step(
            "producer loop",
            () ->
                producerRuntime.loop(ProducerLoop.Limits.NONE, ProducerLoop.Listener.NONE).start());
    started.push(producerLoop::stop);
  }

  /**
   * What the producer polls, for the console, the progress line and the page: {@code "simulator
   * http://127.0.0.1:8081 /params/all/ (v1)"} or {@code "API https://api.example.com
   * /params/all/"}.
   */
  public String source() {
    String paths = String.join(",", settings.endpoints());
    if (settings.usesSimulator()) {
      return "simulator "
          + (simulator == null ? "(not started)" : simulator.baseUrl())
          + " "
          + paths
          + " ("
          + settings.apiVersion()
          + ")";
    }
    return "API " + settings.apiUrl() + " " + paths;
  }

  /** Stops polling; what was polled is already acknowledged by Kafka. */
  public void stopProducer() {
    if (producerLoop != null) {
      producerLoop.stop();
    }
  }

  public StreamingJob startJob(PipelineVersion version) {
    return startJob(version, null);
  }

  /**
   * Starts a version of the job, from its own checkpoint; {@code triggerLevels} overrides the
   * default levels.
   */
  public StreamingJob startJob(PipelineVersion version, Path triggerLevels) {
    return startJob(version, triggerLevels, settings.maxBatchRecords());
  }

  /**
   * As above, with its own bound on raw records per micro-batch (a Spark source option, free to
   * change on restart).
   */
  public StreamingJob startJob(PipelineVersion version, Path triggerLevels, long maxBatchRecords) {
    Path levels = versionLevels.remember(version, triggerLevels);
    if (spark == null) {
      spark = step("Spark session", LocalSpark::create);
      started.push(spark::stop);
    }
    JobConfig config = jobConfig(version, levels, maxBatchRecords);
    StreamingJob job = step("Spark job " + version, () -> StreamingJob.start(spark, config));
    jobs.put(version, job);
    started.push(() -> stopJob(version));
    return job;
  }

  /**
   * The trigger levels a version runs with: its own file if it was started with one, else the
   * defaults.
   */
  public TriggerLevelCatalog triggerLevels(PipelineVersion version) {
    return versionLevels.catalog(version);
  }

  /** Stops a version's queries; its checkpoint stays, so a later start resumes where it stopped. */
  public void stopJob(PipelineVersion version) {
    StreamingJob job = jobs.remove(version);
    if (job != null) {
      job.stop();
    }
  }

  public JobConfig jobConfig(PipelineVersion version, Path triggerLevels, long maxBatchRecords) {
    return JobConfig.builder()
        .bootstrapServers(kafka.bootstrapServers())
        .topics(topics)
        .startingOffsets("earliest")
        .checkpointLocation(settings.checkpointDir(version).toString())
        .pipelineVersion(version)
        // a local run shows results within a second; a busy-loop of empty batches would only burn
        // the laptop's CPU
        .triggerInterval(Duration.ofSeconds(1))
        .shufflePartitions(2)
        .maxOffsetsPerTrigger(maxBatchRecords)
        .jdbcUrl(postgres.jdbcUrl())
        .jdbcUser(postgres.username())
        .jdbcPassword(postgres.password())
        .triggerLevelsFile(
            Optional.ofNullable(triggerLevels).map(p -> p.toAbsolutePath().toString()))
        .site(settings.site())
        .build();
  }

  public void startSink(PipelineVersion version) {
    sink = track(step("search sink", () -> SearchSinkLoop.create(sinkConfig(version)).start()));
  }

  public SearchSinkConfig sinkConfig(PipelineVersion version) {
    return SearchSinkConfig.local(
            URI.create(openSearch.httpUrl()), kafka.bootstrapServers(), topics, "")
        .toBuilder()
        .pipelineVersion(version)
        .groupId(SINK_GROUP)
        .build();
  }

  public void startPage() {
    health = new StackHealth(this);
    PageApi api =
        new PageApi(
            OpenSearchLiveReadings.atAliases(URI.create(openSearch.httpUrl())),
            new JdbcBatchViews(postgres.dataSource()),
            health,
            // The chart lines: the review levels in force now (version 0 and the versions added).
            () ->
                TriggerLevelHistory.of(
                        triggerLevels(store.activeVersion().orElse(settings.pipelineVersion())),
                        new TriggerLevelVersions(store.dataSource()).load().versions())
                    .catalogAt(Instant.now()),
            Clock.systemUTC());
    AlarmApi alarmApi =
        new AlarmApi(new AlarmStore(store.dataSource(), RateLimit.DEFAULT), Clock.systemUTC())
            .withLevels(
                new TriggerLevelVersions(store.dataSource()),
                () -> triggerLevels(store.activeVersion().orElse(settings.pipelineVersion())))
            // Version 0 of the rate triggers: the alarms file of the processor, once it runs.
            .withRateTriggers(
                new RateTriggerVersions(store.dataSource()),
                () -> alarms == null ? RateTriggers.NONE : alarms.processor().policy().rates());
    page =
        track(
            step(
                "live page",
                () ->
                    LivePageServer.start(
                        new InetSocketAddress("127.0.0.1", settings.pagePort()), api, alarmApi)));
  }

  /**
   * Starts the alarm processor on the batch store's tables (migrated by {@link #prepareOutputs}):
   * new alerts, the stale/flatline watch, deadlines and deliveries, every {@code
   * config.pollInterval()}. Messages link to the live page unless the config names another page;
   * alarms are indexed into this stack's OpenSearch node (alias {@code alarms}, beside the sink's)
   * unless the config names another cluster.
   */
  public AlarmRuntime startAlarms(AlarmConfig config) {
    AlarmConfig paged =
        config.pageUrl() == null && page != null ? config.withPageUrl(page.url()) : config;
    AlarmConfig linked =
        paged.search() == null && openSearch != null
            ? paged.withSearch(
                new AlarmSearch(
                    OpenSearchConnection.plain(URI.create(openSearch.httpUrl())),
                    sinkConfig(settings.pipelineVersion()).indexLayout()))
            : paged;
    alarms =
        track(
            step(
                "alarm processor",
                () -> AlarmRuntime.start(linked, store.dataSource(), Clock.systemUTC())));
    return alarms;
  }

  private Properties adminProperties() {
    return KafkaClients.admin(
        KafkaConnection.plain(kafka.bootstrapServers()).withClientId("geomonitor-local-runner"),
        Duration.ofSeconds(30),
        null);
  }

  private <T> T step(String name, ThrowingSupplier<T> action) {
    long start = System.nanoTime();
    console.accept("  starting " + name + " ...");
    try {
      T result = action.get();
      console.accept(
          String.format("  %-16s ready in %.1f s", name, (System.nanoTime() - start) / 1e9));
      return result;
    } catch (Exception e) {
      throw new StackStartException(name, e);
    }
  }

  private <T extends AutoCloseable> T track(T resource) {
    started.push(resource);
    return resource;
  }

  /**
   * Stops everything that was started, newest first, then the services; every stop is attempted
   * even when one fails.
   */
  @Override
  public void close() {
    List<AutoCloseable> order = new ArrayList<>();
    while (!started.isEmpty()) {
      order.add(started.pop());
    }
    order.addAll(java.util.Arrays.asList(openSearch, postgres, kafka));
    Shutdown.closeAll("the local stack", order);
  }

  public LocalSettings settings() {
    return settings;
  }

  public Topics topics() {
    return topics;
  }

  public KafkaBroker kafka() {
    return kafka;
  }

  public PostgresServer postgres() {
    return postgres;
  }

  /**
   * Stops PostgreSQL (fast shutdown, data kept): a database outage for the fault tests; {@link
   * #startPostgres()} brings it back on the same data and port, so every client reconnects.
   */
  public void stopPostgres() {
    postgres.stop();
  }

  /** Starts PostgreSQL again after {@link #stopPostgres()}. */
  public void startPostgres() {
    postgres = PostgresServer.start(settings.postgresDir());
  }

  public OpenSearchNode openSearch() {
    return openSearch;
  }

  public Admin admin() {
    return admin;
  }

  public BatchStore store() {
    return store;
  }

  public IndexAdmin indexAdmin() {
    return indexAdmin;
  }

  public SimulatorServer simulator() {
    return simulator;
  }

  public ProducerLoop producerLoop() {
    return producerLoop;
  }

  public SparkSession spark() {
    return spark;
  }

  /** The job of the version readers see (or of the only version running). */
  public StreamingJob job() {
    PipelineVersion active = store == null ? null : store.activeVersion().orElse(null);
    StreamingJob job = active == null ? null : jobs.get(active);
    return job != null ? job : jobs.values().stream().findFirst().orElse(null);
  }

  public StreamingJob job(PipelineVersion version) {
    return jobs.get(version);
  }

  public SearchSinkLoop sink() {
    return sink;
  }

  public LivePageServer page() {
    return page;
  }

  /** The running alarm processor, or null before {@link #startAlarms}. */
  public AlarmRuntime alarms() {
    return alarms;
  }

  public StackHealth health() {
    return health == null ? new StackHealth(this) : health;
  }

  @FunctionalInterface
  interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  /**
   * A stage that did not come up: names it, and the cause says why (port in use, log file to
   * read...).
   */
  public static final class StackStartException extends RuntimeException {
    StackStartException(String stage, Exception cause) {
      super(stage + " did not start: " + cause.getMessage(), cause);
    }
  }
}
