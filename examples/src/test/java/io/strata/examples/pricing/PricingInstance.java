package io.strata.examples.pricing;

import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.deploy.launcher.ServiceSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance of the packaged example application ({@code target/quarkus-app/quarkus-run.jar}) as a
 * process of its own, configured only through environment variables, as an operator would: the
 * gateway, a free HTTP port, and the channel overrides a test gives (its own topics and group).
 * Its output goes to {@code target/pricing-instances/<name>.log}.
 *
 * <p>{@link #kill()} is SIGKILL (nothing runs in the application: no commit, no leave);
 * {@link #stop()} is SIGTERM (Quarkus shuts down, the connector commits and leaves), SIGKILL after
 * {@value #STOP_GRACE_SECONDS} s. {@link #close()} stops it if it still runs, so a test that closes
 * every instance in a finally block leaves no process behind, also when it fails. Not thread-safe.
 */
final class PricingInstance implements AutoCloseable {

    /** How long the application may take to start and have its channels polling in their groups. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    static final int STOP_GRACE_SECONDS = 30;

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();

    private final ServiceProcess process;
    private final int httpPort;

    private PricingInstance(ServiceProcess process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /**
     * Starts an instance and returns once its readiness check is UP (every incoming channel polls in
     * its group). {@code env} holds further environment variables (e.g.
     * {@code MP_MESSAGING_INCOMING_PRICES_TOPIC}).
     */
    static PricingInstance start(String name, String bootstrap, Map<String, String> env) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: package the examples module first (the test runs in the"
                    + " integration-test phase, after package)");
        }
        int port = FreePorts.next();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("MP_MESSAGING_CONNECTOR_SMALLRYE_STRATA_BOOTSTRAP_SERVERS", bootstrap);
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        all.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        all.putAll(env);
        ServiceSpec.Builder builder = ServiceSpec.builder(name, JAR).jvmArgs(List.of("-Xmx192m", "-XX:TieredStopAtLevel=1"));
        all.forEach(builder::environment);
        ServiceSpec spec = builder.logFile(Path.of("target", "pricing-instances", name + ".log").toAbsolutePath())
                .healthUrl(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .build();
        ServiceProcess process;
        try {
            process = ServiceProcess.start(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            process.awaitHealthy(START_TIMEOUT);
        } catch (RuntimeException notReady) {
            process.kill();
            throw notReady;
        }
        return new PricingInstance(process, port);
    }

    int httpPort() {
        return httpPort;
    }

    /** SIGKILL; returns once the process is gone. */
    void kill() {
        process.kill();
    }

    /** SIGTERM (SIGKILL after the grace period); returns the exit code once the process is gone. */
    int stop() {
        process.stop(Duration.ofSeconds(STOP_GRACE_SECONDS));
        return process.exitCode().orElse(-1);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return process + " on port " + httpPort + ", log " + process.logFile();
    }
}
