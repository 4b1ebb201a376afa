package io.strata.cluster;

import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.HealthProbe;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.deploy.postgres.EmbeddedPostgresServer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A Strata cluster run from the container images ({@code localhost/strata/<service>:<tag>}) with
 * podman, every container on the host's network ({@code --network=host}) on free ports, so the
 * test reaches them as it reaches the local cluster. PostgreSQL is not a container (no registry
 * serves its image here; in a real deployment it is external anyway): the embedded PostgreSQL
 * runs as a process of the test.
 *
 * <p>Every container and volume is named {@code strata-it-<run id>-…} and labelled with the run
 * id; {@link #close()} removes them all, and whatever a failed start left, so nothing outlives
 * the test. Confined to the test's thread.
 */
final class ImageCluster implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    static final int NODE_COUNT = 3;
    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");

    private final String tag;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final Path dataDir;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<String> containers = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();
    private final Map<String, Long> runAtNanos = new LinkedHashMap<>();
    private final Map<String, Double> readyAfterSeconds = new LinkedHashMap<>();
    private ServiceProcess postgres;

    ImageCluster(String tag, Path dataDir) {
        this.tag = tag;
        this.dataDir = dataDir;
        for (String name : List.of("postgres", "postgres-health", "metadata-service", "group-coordinator", "gateway",
                "admin-ui")) {
            ports.put(name, FreePorts.next());
        }
        for (int node = 1; node <= NODE_COUNT; node++) {
            ports.put(nodeName(node), FreePorts.next());
            ports.put(nodeName(node) + "-raft", FreePorts.next());
            ports.put(nodeName(node) + "-kafka", FreePorts.next());
        }
    }

    static String nodeName(int node) {
        return "partition-node-" + node;
    }

    int port(String name) {
        return ports.get(name);
    }

    /** Starts PostgreSQL, then the containers stage by stage, each stage ready before the next. */
    ImageCluster start() throws IOException {
        postgres = ServiceProcess.start(EmbeddedPostgresServer.serviceSpec("postgres", port("postgres"),
                port("postgres-health"), dataDir.resolve("postgres"), dataDir.resolve("postgres.log")));
        postgres.awaitHealthy(START_TIMEOUT);
        run("metadata-service", "metadata-service", Map.of(
                "STRATA_DATABASE_URL", EmbeddedPostgresServer.jdbcUrl(port("postgres"), "strata"),
                "STRATA_DATABASE_USERNAME", EmbeddedPostgresServer.USER,
                "STRATA_DATABASE_PASSWORD", EmbeddedPostgresServer.PASSWORD));
        awaitReady("metadata-service");
        for (int node = 1; node <= NODE_COUNT; node++) {
            run(nodeName(node), "partition-node", nodeEnvironment(node));
        }
        for (int node = 1; node <= NODE_COUNT; node++) {
            awaitReady(nodeName(node));
        }
        run("group-coordinator", "group-coordinator", Map.of(
                "STRATA_DATABASE_URL", EmbeddedPostgresServer.jdbcUrl(port("postgres"), "strata"),
                "STRATA_DATABASE_USERNAME", EmbeddedPostgresServer.USER,
                "STRATA_DATABASE_PASSWORD", EmbeddedPostgresServer.PASSWORD,
                "STRATA_METADATA_URL", url("metadata-service")));
        awaitReady("group-coordinator");
        run("gateway", "gateway", Map.of("STRATA_GATEWAY_METADATA_URL", url("metadata-service"),
                "STRATA_GATEWAY_COORDINATOR_URL", url("group-coordinator")));
        awaitReady("gateway");
        run("admin-ui", "admin-ui", Map.of("STRATA_ADMIN_UI_GATEWAY", url("gateway")));
        awaitReady("admin-ui");
        return this;
    }

    private Map<String, String> nodeEnvironment(int node) {
        List<String> members = new ArrayList<>();
        for (int peer = 1; peer <= NODE_COUNT; peer++) {
            members.add(peer + "@127.0.0.1:" + port(nodeName(peer) + "-raft"));
        }
        return Map.of("STRATA_NODE_ID", Integer.toString(node),
                "STRATA_NODE_METADATA_URL", url("metadata-service"),
                "STRATA_NODE_RAFT_MEMBERS", String.join(",", members),
                "STRATA_NODE_KAFKA_PORT", Integer.toString(port(nodeName(node) + "-kafka")),
                "STRATA_NODE_KAFKA_COORDINATOR_URL", url("group-coordinator"));
    }

    /** {@code http://127.0.0.1:<port of name>}. */
    String url(String name) {
        return "http://127.0.0.1:" + port(name);
    }

    /** The container running {@code name}. */
    String container(String name) {
        return "strata-it-" + runId + "-" + name;
    }

    /** SIGKILLs the container of {@code name} (its JVM dies at once, as on a machine crash). */
    void kill(String name) {
        Podman.call("kill", "--signal", "KILL", container(name));
    }

    /** Whether the image's HEALTHCHECK passes in {@code name}'s container now. */
    boolean healthCheckPasses(String name) {
        return Podman.tryCall("healthcheck", "run", container(name)).exitCode() == 0;
    }

    /** The last lines of {@code name}'s container output, for failure messages. */
    String logTail(String name) {
        return Podman.tryCall("logs", "--tail", "40", container(name)).output();
    }

    private void run(String name, String image, Map<String, String> environment) {
        String container = container(name);
        String volume = container + "-data";
        containers.add(container);
        volumes.add(volume);
        List<String> args = new ArrayList<>(List.of("run", "--detach", "--name", container, "--label",
                "io.strata.test-run=" + runId, "--network=host", "--read-only",
                "--volume", volume + ":/var/lib/strata", "--env", "QUARKUS_HTTP_PORT=" + port(name)));
        environment.forEach((key, value) -> args.addAll(List.of("--env", key + "=" + value)));
        args.add("localhost/strata/" + image + ":" + tag);
        runAtNanos.put(name, System.nanoTime());
        Podman.call(args.toArray(String[]::new));
    }

    private void awaitReady(String name) {
        URI health = URI.create(url(name) + "/q/health/ready");
        await(name + " ready at " + health).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> HealthProbe.isHealthy(health) || failIfExited(name));
        readyAfterSeconds.put(name, (System.nanoTime() - runAtNanos.get(name)) / 1e9);
    }

    /**
     * Per container: seconds from {@code podman run} to ready (the nodes of a stage start
     * together), and the start time Quarkus logs ("started in …s"), for the test's report.
     */
    String startTimes() {
        StringBuilder report = new StringBuilder();
        readyAfterSeconds.forEach((name, seconds) -> {
            Matcher started = STARTED_IN.matcher(Podman.tryCall("logs", container(name)).output());
            report.append(String.format("  %-20s ready after %5.1f s, Quarkus started in %s s%n", name, seconds,
                    started.find() ? started.group(1) : "?"));
        });
        return report.toString();
    }

    private boolean failIfExited(String name) {
        if (!isRunning(name)) {
            throw new AssertionError(name + "'s container exited; its last lines:\n" + logTail(name));
        }
        return false;
    }

    private boolean isRunning(String name) {
        return "true".equals(Podman.tryCall("inspect", "--format", "{{.State.Running}}", container(name)).output().strip());
    }

    /** Removes every container and volume of this run (also those a failed start left) and stops PostgreSQL. */
    @Override
    public void close() {
        for (String container : containers) {
            Podman.tryCall("rm", "--force", "--time", "5", container);
        }
        for (String volume : volumes) {
            Podman.tryCall("volume", "rm", "--force", volume);
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
