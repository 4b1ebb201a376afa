package io.strata.deploy.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Starts {@link TestServiceMain} as real processes through the launcher. */
class ServiceProcessTest {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    static Path jars;
    private static Path serviceJar;

    @TempDir
    Path dir;

    private final List<ServiceProcess> started = new ArrayList<>();

    @BeforeAll
    static void makeJar() throws IOException {
        serviceJar = TestJars.classpathJar(jars, TestServiceMain.class);
    }

    @AfterEach
    void killAll() {
        started.forEach(ServiceProcess::kill);
    }

    @Test
    void startsAwaitsHealthPassesPropertiesAndEnvironmentAndTailsTheLog() throws IOException {
        ServiceProcess process = start(spec(FreePorts.next()).withSystemProperty("test.name", "alpha")
                .withEnvironment("STRATA_TEST_ENV", "beta"));

        assertThat(process.awaitHealthy(STARTUP)).isSameAs(process);
        assertThat(process.isAlive()).isTrue();
        assertThat(process.isHealthy()).isTrue();
        assertThat(process.pid()).isPositive();
        assertThat(process.name()).isEqualTo("svc");
        assertThat(process.logTail(5)).contains("started name=alpha env=beta").contains("serving health on");
        assertThat(process.logTail(1)).startsWith("serving health on");
        assertThat(Files.readString(process.logFile())).startsWith("=== ").contains("strata launcher starting svc");
    }

    @Test
    void awaitHealthyFailsWithTheLogTailWhenTheProcessExits() throws IOException {
        ServiceProcess process = start(spec(FreePorts.next()).withSystemProperty("test.exit-after-ms", "0"));

        assertThatThrownBy(() -> process.awaitHealthy(STARTUP))
                .isInstanceOf(ServiceFailedException.class)
                .hasMessageContaining("exited with exit code 3")
                .hasMessageContaining("boom: giving up on purpose");
        assertThat(process.exitCode()).hasValue(3);
    }

    @Test
    void awaitHealthyTimesOutOnAnUnhealthyService() throws IOException {
        ServiceProcess process = start(spec(FreePorts.next()).withSystemProperty("test.healthy", "false"));
        await().atMost(STARTUP).until(() -> process.logTail(1).contains("serving health"));

        assertThatThrownBy(() -> process.awaitHealthy(Duration.ofMillis(500)))
                .isInstanceOf(ServiceFailedException.class)
                .hasMessageContaining("not healthy at")
                .hasMessageContaining("with 503");
        assertThat(process.isAlive()).isTrue();
    }

    @Test
    void pauseStopsTheProcessAndResumeContinuesIt() throws IOException {
        ServiceProcess process = start(spec(FreePorts.next())).awaitHealthy(STARTUP);

        process.pause();
        assertThat(processState(process.pid())).isEqualTo('T');
        assertThat(process.isPaused()).isTrue();
        assertThat(HealthProbe.isHealthy(process.spec().healthUrl(), Duration.ofMillis(300))).isFalse();

        process.resume();
        assertThat(processState(process.pid())).isNotEqualTo('T');
        await().atMost(Duration.ofSeconds(10)).until(process::isHealthy);
    }

    @Test
    void killEndsTheProcessAtOnce() throws IOException {
        ServiceProcess process = start(spec(FreePorts.next()).withSystemProperty("test.hang-on-term", "true"))
                .awaitHealthy(STARTUP);

        process.kill();

        assertThat(process.isAlive()).isFalse();
        assertThat(process.exitCode()).hasValue(137);
        assertThat(process.logTail(5)).doesNotContain("shutdown hook ran");
    }

    @Test
    void stopRunsShutdownHooksAndCloseIsIdempotent() throws IOException {
        ServiceProcess process = start(spec(FreePorts.next())).awaitHealthy(STARTUP);

        process.close();
        process.close();
        process.stop(Duration.ofSeconds(1));

        assertThat(process.isAlive()).isFalse();
        assertThat(process.exitCode()).hasValue(143);
        assertThat(process.logTail(1)).isEqualTo("shutdown hook ran");
    }

    @Test
    void stopEscalatesToSigkillAfterTheGracePeriod() throws IOException {
        ServiceProcess process = start(spec(FreePorts.next()).withSystemProperty("test.hang-on-term", "true"))
                .awaitHealthy(STARTUP);

        long before = System.nanoTime();
        process.stop(Duration.ofMillis(700));

        assertThat(process.isAlive()).isFalse();
        assertThat(process.exitCode()).hasValue(137);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(process.logTail(1)).isEqualTo("shutdown hook ran");
    }

    @Test
    void stopOfAPausedProcessIsGraceful() throws IOException {
        ServiceProcess process = start(spec(FreePorts.next())).awaitHealthy(STARTUP);
        process.pause();

        process.stop(Duration.ofSeconds(20));

        assertThat(process.exitCode()).hasValue(143);
        assertThat(process.logTail(1)).isEqualTo("shutdown hook ran");
    }

    @Test
    void killAlsoKillsDescendants() throws IOException {
        ServiceProcess process = start(spec(FreePorts.next()).withSystemProperty("test.child", "true"))
                .awaitHealthy(STARTUP);
        long childPid = pidAfter(process, "child pid (\\d+)");
        assertThat(ProcessHandle.of(childPid)).isPresent();

        process.kill();

        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(childPid).isEmpty());
    }

    @Test
    void restartStartsTheSameSpecAgainAndAppendsToTheLog() throws IOException {
        ServiceProcess first = start(spec(FreePorts.next())).awaitHealthy(STARTUP);
        assertThatThrownBy(() -> ServiceProcess.restart(first)).isInstanceOf(IllegalStateException.class);
        first.kill();

        ServiceProcess second = ServiceProcess.restart(first);
        started.add(second);
        second.awaitHealthy(STARTUP);

        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(second.spec()).isEqualTo(first.spec());
        assertThat(Files.readString(second.logFile()).split("strata launcher starting svc", -1)).hasSize(3);
    }

    @Test
    void attachFindsARunningProcessAndRejectsAReusedPid() throws IOException {
        ServiceProcess process = start(spec(FreePorts.next())).awaitHealthy(STARTUP);

        ServiceProcess attached = ServiceProcess.attach(process.spec(), process.pid(), process.startedAt().orElseThrow())
                .orElseThrow();
        assertThat(attached.isHealthy()).isTrue();
        assertThat(ServiceProcess.attach(process.spec(), process.pid(),
                process.startedAt().orElseThrow().minusSeconds(3600))).isEmpty();

        attached.stop(Duration.ofSeconds(20));
        assertThat(process.isAlive()).isFalse();
        assertThat(ServiceProcess.attach(process.spec(), process.pid(), null)).isEmpty();
    }

    @Test
    void childrenStillRunningAtJvmExitAreKilledUnlessDetached() throws IOException {
        int childPort = FreePorts.next();
        Path parentJar = TestJars.classpathJar(dir.resolve("parent"), ParentMain.class);
        ServiceProcess parent = start(ServiceSpec.builder("parent", parentJar)
                .systemProperty("test.child.port", Integer.toString(childPort))
                .systemProperty("test.child.jar", serviceJar.toString())
                .systemProperty("test.child.log", dir.resolve("child.log").toString())
                .logFile(dir.resolve("parent.log"))
                .build());

        await().atMost(STARTUP).until(() -> !parent.isAlive());
        long childPid = pidAfter(parent, "child pid (\\d+)");
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(childPid).isEmpty());
        assertThat(FreePorts.isFree(childPort)).isTrue();
    }

    @Test
    void detachedProcessesAreNotTracked() throws IOException {
        ServiceProcess process = start(spec(FreePorts.next()));
        assertThat(ChildReaper.isTracked(process)).isTrue();

        process.detach();

        assertThat(ChildReaper.isTracked(process)).isFalse();
    }

    private ServiceSpec spec(int port) {
        return ServiceSpec.builder("svc", serviceJar)
                .jvmArg("-Xmx64m")
                .systemProperty("test.http.port", Integer.toString(port))
                .logFile(dir.resolve("logs").resolve("svc.log"))
                .healthUrl(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .build();
    }

    private ServiceProcess start(ServiceSpec spec) throws IOException {
        ServiceProcess process = ServiceProcess.start(spec);
        started.add(process);
        return process;
    }

    private static long pidAfter(ServiceProcess process, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(process.logTail(50));
        assertThat(matcher.find()).as("log of %s matches %s", process, regex).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** The state letter of /proc/<pid>/stat: R, S, T (stopped) … */
    private static char processState(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
