package io.strata.deploy.postgres;

import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.deploy.launcher.ServiceSpec;
import io.strata.deploy.launcher.TestJars;
import io.strata.deploy.tls.LocalCertificates;
import io.strata.deploy.tls.SecretFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Runs {@link EmbeddedPostgresServer} as a real process, as the local cluster does. */
class EmbeddedPostgresServerTest {

    /** The first start on a machine extracts the PostgreSQL binaries. */
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(p -> p.stop(STOP_GRACE));
        PostmasterPidFile.maybeStopOrphan(dir.resolve("pg"));
        PostmasterPidFile.maybeStopOrphan(dir.resolve("plain"));
    }

    @Test
    void keepsItsDataAcrossARestartAndAfterBeingKilled() throws Exception {
        int port = FreePorts.next();
        Path dataDir = dir.resolve("pg");
        ServiceSpec spec = EmbeddedPostgresServer.serviceSpec("postgres", TestJars.classpathJar(dir, EmbeddedPostgresServer.class),
                port, FreePorts.next(), dataDir, dir.resolve("postgres.log"));

        ServiceProcess first = start(spec);
        assertThat(first.logTail(20)).contains(EmbeddedPostgresServer.READY_PREFIX);
        execute(port, "CREATE TABLE kept (id int PRIMARY KEY, v text)", "INSERT INTO kept VALUES (1, 'one')");
        assertThat(query(port, "SHOW fsync")).isEqualTo("on");

        first.stop(STOP_GRACE);
        assertThat(first.exitCode()).hasValue(143);
        assertThat(PostmasterPidFile.runningPostmaster(dataDir)).isEmpty();
        assertThat(FreePorts.isFree(port)).isTrue();

        ServiceProcess second = start(spec);
        assertThat(query(port, "SELECT v FROM kept WHERE id = 1")).isEqualTo("one");
        execute(port, "INSERT INTO kept VALUES (2, 'two')");

        second.kill(); // the postmaster survives its wrapper: the next start must deal with it
        assertThat(PostmasterPidFile.runningPostmaster(dataDir)).isPresent();

        ServiceProcess third = start(spec);
        assertThat(third.logTail(200)).contains("shut down an orphaned postmaster");
        assertThat(query(port, "SELECT count(*) FROM kept")).isEqualTo("2");

        third.stop(STOP_GRACE);
        await().atMost(Duration.ofSeconds(10)).until(() -> PostmasterPidFile.runningPostmaster(dataDir).isEmpty());
    }

    /**
     * {@code --secure}: TLS and the password on every connection. Plaintext, a wrong password and a
     * TLS connection without one are refused with PostgreSQL's own errors; TLS verified against
     * the CA (verify-full) with the password works, and keeps working after a restart. A data
     * directory made without --secure is refused by a secure start, naming it.
     */
    @Test
    void aSecureServerAcceptsOnlyTlsWithThePassword() throws Exception {
        LocalCertificates certificates = new LocalCertificates(dir.resolve("tls"));
        certificates.ensure(List.of("postgres"));
        Path passwordFile = dir.resolve("postgres-password");
        String password = SecretFile.ensure(passwordFile);
        PostgresSecurity security = new PostgresSecurity(certificates.certFile("postgres"), certificates.keyFile("postgres"),
                passwordFile);
        int port = FreePorts.next();
        Path dataDir = dir.resolve("pg");
        Path jar = TestJars.classpathJar(dir, EmbeddedPostgresServer.class);
        ServiceSpec spec = EmbeddedPostgresServer.serviceSpec("postgres", jar, port, FreePorts.next(), dataDir,
                dir.resolve("postgres.log"), Optional.of(security));

        ServiceProcess first = start(spec);
        assertThat(first.logTail(20)).contains("(TLS and password only)");
        String verified = "?sslmode=verify-full&sslrootcert=" + certificates.caFile();
        assertThat(querySecure(port, verified, password, "SHOW ssl")).isEqualTo("on");
        assertThat(querySecure(port, verified, password, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                .isEqualTo("t");
        assertThatThrownBy(() -> querySecure(port, "?sslmode=disable", password, "SELECT 1"))
                .isInstanceOf(SQLException.class).hasMessageContaining("no pg_hba.conf entry");
        assertThatThrownBy(() -> querySecure(port, verified, "wrong", "SELECT 1"))
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed for user \"postgres\"");
        assertThatThrownBy(() -> connect(port)).as("the trust-era default password over TLS-preferring JDBC")
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");

        first.stop(STOP_GRACE);
        ServiceProcess second = start(spec);
        assertThat(querySecure(port, verified, password, "SELECT 1")).isEqualTo("1");
        second.stop(STOP_GRACE);

        Path plainDir = dir.resolve("plain");
        int plainPort = FreePorts.next();
        start(EmbeddedPostgresServer.serviceSpec("plain", jar, plainPort, FreePorts.next(), plainDir, dir.resolve("plain.log")))
                .stop(STOP_GRACE);
        ServiceProcess refused = ServiceProcess.start(EmbeddedPostgresServer.serviceSpec("plain", jar, plainPort, FreePorts.next(),
                plainDir, dir.resolve("plain-secure.log"), Optional.of(security)));
        started.add(refused);
        await().atMost(STARTUP).until(() -> !refused.isAlive());
        assertThat(refused.logTail(50)).contains("the PostgreSQL data directory " + plainDir.toAbsolutePath()
                + " was made without --secure");
    }

    private static String querySecure(int port, String parameters, String password, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresServer.jdbcUrl(port, EmbeddedPostgresServer.DATABASE_DEFAULT)
                + parameters, EmbeddedPostgresServer.USER, password);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private ServiceProcess start(ServiceSpec spec) throws IOException {
        ServiceProcess process = ServiceProcess.start(spec);
        started.add(process);
        return process.awaitHealthy(STARTUP);
    }

    private static void execute(int port, String... statements) throws SQLException {
        try (Connection c = connect(port); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static String query(int port, String sql) throws SQLException {
        try (Connection c = connect(port); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection(EmbeddedPostgresServer.jdbcUrl(port, EmbeddedPostgresServer.DATABASE_DEFAULT),
                EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
    }
}
