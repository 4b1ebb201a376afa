package io.strata.deploy.postgres;

import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.deploy.launcher.ServiceSpec;
import io.strata.deploy.launcher.TestJars;
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

import static org.assertj.core.api.Assertions.assertThat;
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
