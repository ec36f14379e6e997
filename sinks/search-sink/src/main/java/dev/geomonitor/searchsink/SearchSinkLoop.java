package dev.geomonitor.searchsink;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running local consumer: poll, {@link SearchSink#prepare}, {@link SearchSink#complete},
 * commit; repeat. Pipelined {@link #PIPELINE_DEPTH} batches deep: while indexer threads send
 * batches N and N+1, this thread polls and maps the next, then waits for the oldest and commits it,
 * so mapping and request building (CPU here) overlap with indexing (CPU in OpenSearch). Offsets are
 * committed in order and only after a batch is fully indexed or dead-lettered; a batch that cannot
 * be finished is retried in place (never skipped) until it succeeds or the loop is stopped, and a
 * stopped loop leaves it uncommitted for the next start. Only this thread touches the consumer.
 */
public final class SearchSinkLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SearchSinkLoop.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

  /** Short: topping a batch up must not delay a trickle of live records noticeably. */
  private static final Duration TOP_UP_TIMEOUT = Duration.ofMillis(20);

  private final SearchSinkConfig config;
  private final Consumer<String, byte[]> consumer;
  private final SearchSink sink;
  private final IndexAdmin admin;
  private final StopSignal stop;
  private final List<AutoCloseable> resources;
  private final SinkProgressLog progress;
  private final AtomicReference<SinkTotals> totals = new AtomicReference<>(SinkTotals.ZERO);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final RandomGenerator random = RandomGenerator.getDefault();

  /**
   * Bulk requests in flight at once. Two: while OpenSearch indexes one, the client serializes the
   * next and this thread maps the one after, so the sink's CPU work and OpenSearch's overlap
   * (measured: a single request in flight left OpenSearch idle while the sink built the next).
   */
  static final int PIPELINE_DEPTH = 2;

  private final ExecutorService indexer =
      Executors.newFixedThreadPool(
          PIPELINE_DEPTH,
          r -> {
            Thread t = new Thread(r, "search-sink-indexer");
            t.setDaemon(true);
            return t;
          });
  private Thread thread;
  private final IndexRetention retention;
  private final AtomicInteger retentionPasses = new AtomicInteger();
  private final AtomicInteger retentionFailures = new AtomicInteger();
  private final ScheduledExecutorService retentionRunner =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "search-sink-retention");
            t.setDaemon(true);
            return t;
          });

  /**
   * Set once a batch ends without being done (a stop during its retry pause, or an error): no later
   * batch may be committed after that, since its offsets would pass the unfinished batch's records
   * on a shared partition.
   */
  private boolean commitsHalted;

  /** A batch handed to the indexer thread: true when it finished, false when a stop came first. */
  private record InFlight(
      List<SinkRecord> batch, long polledNanos, long preparedNanos, Future<Boolean> done) {}

  SearchSinkLoop(
      SearchSinkConfig config,
      Consumer<String, byte[]> consumer,
      SearchSink sink,
      IndexAdmin admin,
      StopSignal stop,
      List<AutoCloseable> resources) {
    this(config, consumer, sink, admin, null, stop, resources);
  }

  /**
   * @param retention run every {@code config.retentionInterval()} on its own thread; null or
   *     inactive: never
   */
  SearchSinkLoop(
      SearchSinkConfig config,
      Consumer<String, byte[]> consumer,
      SearchSink sink,
      IndexAdmin admin,
      IndexRetention retention,
      StopSignal stop,
      List<AutoCloseable> resources) {
    this.retention = retention != null && retention.active() ? retention : null;
    this.config = config;
    this.consumer = consumer;
    this.sink = sink;
    this.admin = admin;
    this.stop = stop;
    this.resources = resources;
    this.progress = new SinkProgressLog(config.progressInterval(), Clock.systemUTC());
  }

  /** Builds the clients from the config; nothing is contacted until {@link #start()}. */
  public static SearchSinkLoop create(SearchSinkConfig config) {
    return create(
        config,
        client ->
            new IndexRetention(
                client, config.indexLayout(), config.retention(), Clock.systemUTC()));
  }

  /** As {@link #create(SearchSinkConfig)}, with the retention built from the loop's client. */
  static SearchSinkLoop create(
      SearchSinkConfig config, Function<OpenSearchClient, IndexRetention> retention) {
    StopSignal stop = new StopSignal();
    OpenSearchClient client = OpenSearchClients.create(config);
    KafkaDeadLetterPublisher dlq =
        new KafkaDeadLetterPublisher(
            new KafkaProducer<>(KafkaClientSettings.producer(config)), config.topics().dlq());
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClientSettings.consumer(config));
    SearchSink sink = SearchSink.create(config, client, dlq, stop);
    IndexAdmin admin = new IndexAdmin(new OpenSearchRest(client), config.indexLayout());
    return new SearchSinkLoop(
        config,
        consumer,
        sink,
        admin,
        retention.apply(client),
        stop,
        List.of(sink, client._transport()));
  }

  public synchronized SearchSinkLoop start() {
    if (thread != null) {
      throw new IllegalStateException("the search sink loop is already started");
    }
    thread = new Thread(this::run, "search-sink-loop");
    thread.start();
    if (retention != null) {
      // Its own thread: a pass never delays a batch or its commit, and a failed pass only waits
      // for the next interval.
      retentionRunner.scheduleWithFixedDelay(
          this::retentionPass,
          config.retentionInterval().toMillis(),
          config.retentionInterval().toMillis(),
          TimeUnit.MILLISECONDS);
      LOG.info("retention {} every {}", config.retention(), config.retentionInterval());
    }
    return this;
  }

  private void retentionPass() {
    try {
      IndexRetention.Pass pass = retention.runOnce();
      retentionPasses.incrementAndGet();
      LOG.debug("retention pass deleted {} documents", pass.total());
    } catch (RuntimeException e) {
      retentionFailures.incrementAndGet();
      LOG.warn(
          "retention pass failed; indexing goes on, the next pass is in {}: {}",
          config.retentionInterval(),
          e.toString());
    }
  }

  /** Retention passes that finished (package-private: for tests). */
  int retentionPasses() {
    return retentionPasses.get();
  }

  /** Retention passes that failed and were left to the next interval. */
  int retentionFailures() {
    return retentionFailures.get();
  }

  /**
   * Stops after the current batch (or cuts a retry pause short, leaving that batch uncommitted) and
   * waits.
   */
  public void stop() {
    stop.raise();
    consumer.wakeup();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null) {
      closeAll();
      return;
    }
    try {
      t.join(Duration.ofSeconds(60).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while waiting for the search sink loop to stop", e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  public SinkTotals totals() {
    return totals.get();
  }

  /** Whether the loop thread is alive (false before start, after stop, or after a fatal error). */
  public boolean running() {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    return t != null && t.isAlive();
  }

  /**
   * Records of the batches being indexed right now (0 when idle): a batch stuck waiting for
   * OpenSearch shows.
   */
  public int inFlight() {
    return inFlight.get();
  }

  /** The error that ended the loop, if one did. */
  public Throwable failure() {
    return failure.get();
  }

  private void run() {
    try {
      prepareIndexes();
      List<String> topics = new ArrayList<>(config.topics().outputs());
      if (config.indexDeadLetters()) {
        topics.add(config.topics().dlq());
      }
      consumer.subscribe(topics);
      LOG.info(
          "search sink consuming {} as group {} into {}",
          topics,
          config.groupId(),
          config.openSearchUrl());
      Deque<InFlight> pending = new ArrayDeque<>();
      try {
        while (!stop.raised()) {
          long started = System.nanoTime();
          List<SinkRecord> batch = pollBatch();
          long polled = System.nanoTime();
          SearchSink.Prepared prepared = batch.isEmpty() ? null : sink.prepare(batch);
          long mapped = System.nanoTime();
          // Oldest first, so offsets are committed in order; when idle, nothing stays uncommitted.
          while (!pending.isEmpty() && (prepared == null || pending.size() >= PIPELINE_DEPTH)) {
            finish(pending.poll());
          }
          if (prepared != null) {
            inFlight.addAndGet(batch.size());
            pending.add(
                new InFlight(
                    batch,
                    polled - started,
                    mapped - polled,
                    indexer.submit(() -> completeUntilDone(prepared))));
          }
          progress.maybeLog(totals.get());
        }
      } finally {
        while (!pending.isEmpty()) {
          // a stop lets the batches in flight end (or cut their retry pauses short), then commits
          // those that did
          finish(pending.poll());
        }
      }
    } catch (WakeupException | SinkStoppedException e) {
      LOG.info("search sink stopping: {}", e.getMessage() == null ? "wakeup" : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.info("search sink interrupted");
    } catch (RuntimeException | Error e) {
      failure.set(e);
      LOG.error(
          "search sink loop ended by an error; uncommitted records will be consumed again at restart",
          e);
    } finally {
      closeAll();
      LOG.info("search sink stopped; {}", totals.get());
    }
  }

  /** Templates and aliases; waits for OpenSearch rather than failing when the sink starts first. */
  private void prepareIndexes() throws InterruptedException {
    int attempt = 0;
    while (true) {
      try {
        admin.ensure(config.pipelineVersion());
        return;
      } catch (UncheckedIOException e) {
        attempt++;
        LOG.warn(
            "OpenSearch not reachable for templates/aliases yet (attempt {}): {}",
            attempt,
            e.getMessage());
        if (stop.pause(config.backoffPolicy().delay(attempt, random))) {
          throw new SinkStoppedException("stopped before OpenSearch became reachable");
        }
      }
    }
  }

  /** Waits for a batch on the indexer thread and commits it if it finished. */
  private void finish(InFlight f) throws InterruptedException {
    long waitFrom = System.nanoTime();
    boolean done = false;
    try {
      done = f.done().get();
    } catch (ExecutionException e) {
      commitsHalted = true;
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("indexing a batch failed", e.getCause());
    } finally {
      inFlight.addAndGet(-f.batch().size());
      if (!done) {
        commitsHalted = true;
      }
    }
    if (done && commitsHalted) {
      LOG.info(
          "batch of {} records indexed but not committed: an earlier batch is unfinished (both are consumed"
              + " again at restart; same ids, nothing doubles)",
          f.batch().size());
    } else if (done) {
      long committing = System.nanoTime();
      commit(f.batch());
      // Where a batch's time goes: the figures the sink's performance work is judged by. waitMs is
      // how long this
      // thread still waited for OpenSearch after polling and mapping the next batch.
      LOG.debug(
          "batch of {} records: pollMs={} mapMs={} waitMs={} commitMs={}",
          f.batch().size(),
          f.polledNanos() / 1_000_000,
          f.preparedNanos() / 1_000_000,
          (committing - waitFrom) / 1_000_000,
          (System.nanoTime() - committing) / 1_000_000);
    }
  }

  /**
   * On the indexer thread. True when the batch is done; false when a stop came first (it stays
   * uncommitted).
   */
  private boolean completeUntilDone(SearchSink.Prepared batch) throws InterruptedException {
    int attempt = 0;
    while (true) {
      try {
        BatchResult result = sink.complete(batch);
        totals.updateAndGet(t -> t.plus(result));
        return true;
      } catch (SinkStoppedException e) {
        return false; // stopped inside the indexer's own retry pause: the batch is unfinished
      } catch (BatchIncompleteException e) {
        attempt++;
        Duration pause = config.backoffPolicy().delay(attempt, random);
        LOG.warn(
            "batch of {} records not finished (attempt {}), retrying it in {} without committing: {}",
            batch.records().size(),
            attempt,
            pause,
            e.getMessage());
        if (stop.pause(pause)) {
          return false;
        }
      }
    }
  }

  /**
   * One batch: the first poll waits for records, further polls top it up while they keep bringing
   * records, so a backlog makes full bulks (a single poll returns only what the last fetch brought,
   * often far below a bulk).
   */
  private List<SinkRecord> pollBatch() {
    List<SinkRecord> batch = new ArrayList<>();
    ConsumerRecords<String, byte[]> polled = consumer.poll(POLL_TIMEOUT);
    while (!polled.isEmpty()) {
      for (ConsumerRecord<String, byte[]> r : polled) {
        batch.add(new SinkRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
      }
      if (batch.size() >= config.bulkMaxDocs() || stop.raised()) {
        break;
      }
      polled = consumer.poll(TOP_UP_TIMEOUT);
    }
    return batch;
  }

  private void commit(List<SinkRecord> batch) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (SinkRecord r : batch) {
      // Records of one partition arrive in offset order, so the last one seen is the highest.
      offsets.put(
          new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
    }
    try {
      consumer.commitSync(offsets);
    } catch (WakeupException e) {
      // A stop arrived while the batch was being indexed: the batch is done, so commit it before
      // leaving.
      consumer.commitSync(offsets);
      throw e;
    } catch (CommitFailedException e) {
      // The group moved the partitions elsewhere meanwhile: the new owner re-indexes them,
      // harmlessly (same ids).
      LOG.warn(
          "offset commit refused after a rebalance; those records will be indexed again: {}",
          e.getMessage());
    }
  }

  private void closeAll() {
    indexer.shutdownNow();
    retentionRunner.shutdownNow();
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      consumer.close(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      LOG.warn("closing the Kafka consumer failed: {}", e.toString());
    }
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
