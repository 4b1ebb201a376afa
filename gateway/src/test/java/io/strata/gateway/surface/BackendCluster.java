package io.strata.gateway.surface;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.strata.deploy.cluster.ClusterConfig;
import io.strata.deploy.cluster.ClusterPorts;
import io.strata.deploy.cluster.ClusterService;
import io.strata.deploy.cluster.LocalCluster;
import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.deploy.launcher.ServiceSpec;
import io.strata.deploy.launcher.StrataBuild;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The services a gateway stands in front of — PostgreSQL, the metadata service, a partition node
 * and the group coordinator — started as real processes from their built jars by the deploy
 * module's launcher, configured as {@code ./strata up} configures them but on free ports, in a
 * fresh directory under {@code target/}, and with one partition node (its own one-member raft
 * group, so it is the controller) instead of three: the REST surface needs a real node, not
 * replication (cluster-tests covers that), and two fewer JVMs keep this module's tests short. The gateway under test is the {@code @QuarkusTest}
 * application itself, pointed at them. One cluster serves every test class that names this
 * resource (Quarkus shares it between classes with the same resources); every process is stopped
 * when the tests end, also when they fail, and on a JVM exit the launcher kills what it owns.
 * Besides the gateway's settings it publishes {@link #NODE_ADDRESS}, for tests to check against.
 */
public class BackendCluster implements QuarkusTestResourceLifecycleManager {

    /** Config property: where the partition node (node 1) serves gRPC, host:port, as it registers itself. */
    public static final String NODE_ADDRESS = "backend-cluster.partition-node-1.address";

    private static final Duration HEALTHY_WITHIN = Duration.ofMinutes(3);

    private final List<ServiceProcess> started = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        // fail at once, saying how to build, when a service is not built (e.g. -pl gateway in a fresh checkout)
        StrataBuild.postgresServerJar();
        List.of("metadata-service", "partition-node", "group-coordinator").forEach(StrataBuild::quarkusRunJar);
        try {
            Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "backend-cluster-");
            Map<String, String> ports = new HashMap<>();
            ClusterPorts.defaults(LocalCluster.NODE_COUNT).keySet().forEach(name -> ports.put(name, Integer.toString(FreePorts.next())));
            ClusterConfig config = new ClusterConfig(StrataBuild.root(), dataDir,
                    ClusterPorts.resolve(ClusterPorts.defaults(LocalCluster.NODE_COUNT), Map.of(), ports),
                    ClusterConfig.DEFAULT_JVM_OPTIONS, ClusterConfig.DEFAULT_HEALTH_TIMEOUT);
            LocalCluster layout = new LocalCluster(config, System.out);
            startAll(layout, "postgres");
            startAll(layout, "metadata-service");
            // the node and the coordinator need only the database and the metadata service
            start(layout.spec(service("partition-node-1")).withSystemProperty("strata.node.raft.members",
                    "1@127.0.0.1:" + config.port("partition-node-1-raft")), layout.spec(service("group-coordinator")));
            return Map.of("strata.gateway.metadata-url", config.httpUrl("metadata-service"),
                    "strata.gateway.coordinator-url", config.httpUrl("group-coordinator"),
                    NODE_ADDRESS, "127.0.0.1:" + config.port("partition-node-1"), // the node's default advertised host
                    "quarkus.http.test-port", Integer.toString(FreePorts.next()));
        } catch (IOException | RuntimeException e) {
            stop();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private void startAll(LocalCluster layout, String... names) throws IOException {
        List<ServiceSpec> specs = new ArrayList<>();
        for (String name : names) {
            specs.add(layout.spec(service(name)));
        }
        start(specs.toArray(ServiceSpec[]::new));
    }

    /** Starts these processes side by side and waits until each is healthy. */
    private void start(ServiceSpec... specs) throws IOException {
        List<ServiceProcess> batch = new ArrayList<>();
        for (ServiceSpec spec : specs) {
            ServiceProcess process = ServiceProcess.start(spec);
            started.add(process);
            batch.add(process);
        }
        for (ServiceProcess process : batch) {
            process.awaitHealthy(HEALTHY_WITHIN);
        }
    }

    private static ClusterService service(String name) {
        return LocalCluster.SERVICES.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named " + name));
    }

    @Override
    public void stop() {
        List<ServiceProcess> newestFirst = new ArrayList<>(started);
        Collections.reverse(newestFirst);
        newestFirst.forEach(ServiceProcess::close);
        started.clear();
    }
}
