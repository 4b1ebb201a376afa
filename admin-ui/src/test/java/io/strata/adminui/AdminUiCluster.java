package io.strata.adminui;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.strata.deploy.cluster.ClusterConfig;
import io.strata.deploy.cluster.ClusterPorts;
import io.strata.deploy.cluster.ClusterService;
import io.strata.deploy.cluster.LocalCluster;
import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.deploy.launcher.StrataBuild;
import org.awaitility.Awaitility;

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
 * The one real cluster the console's tests run against, started once for the module's test run:
 * embedded PostgreSQL, the metadata service, three partition nodes, the group coordinator and the
 * gateway, each a process from its built {@code quarkus-run.jar} (under {@code -Dstrata.root}, by
 * default this checkout), configured exactly as {@code ./strata up} configures them but on free
 * ports and in {@code target/}. The console under test is given the gateway's address and nothing
 * else. Every process is stopped when the tests end, also when start-up fails half-way.
 *
 * <p>Not thread-safe: Quarkus calls start and stop once each, from one thread.
 */
public class AdminUiCluster implements QuarkusTestResourceLifecycleManager {

    /** Start stages, each healthy before the next, in the order of {@code ./strata up}. */
    private static final List<List<String>> STAGES = List.of(List.of("postgres"), List.of("metadata-service"),
            List.of("partition-node-1", "partition-node-2", "partition-node-3"), List.of("group-coordinator"), List.of("gateway"));

    private final List<ServiceProcess> processes = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        ClusterConfig config = config();
        LocalCluster layout = new LocalCluster(config, System.out);
        requireBuilt(config.root());
        try {
            for (List<String> stage : STAGES) {
                List<ServiceProcess> started = new ArrayList<>();
                for (String name : stage) {
                    ServiceProcess process = ServiceProcess.start(layout.spec(service(name)));
                    processes.add(process);
                    started.add(process);
                }
                started.forEach(p -> p.awaitHealthy(Duration.ofMinutes(3)));
            }
            String gateway = config.httpUrl("gateway");
            awaitThreeNodesAndAController(gateway);
            return Map.of("strata.admin-ui.gateway", gateway);
        } catch (IOException | RuntimeException e) {
            stop();
            throw new IllegalStateException("the test cluster did not start; logs under " + config.dataDir().resolve("logs"), e);
        }
    }

    @Override
    public void stop() {
        List<ServiceProcess> newestFirst = new ArrayList<>(processes);
        Collections.reverse(newestFirst);
        newestFirst.forEach(ServiceProcess::close);
        processes.clear();
    }

    private static ClusterConfig config() {
        Map<String, String> ports = new HashMap<>();
        ClusterPorts.defaults(LocalCluster.NODE_COUNT).keySet().forEach(name -> ports.put(name, Integer.toString(FreePorts.next())));
        try {
            Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "cluster-");
            return new ClusterConfig(StrataBuild.root(), dataDir.toAbsolutePath(),
                    ClusterPorts.resolve(ClusterPorts.defaults(LocalCluster.NODE_COUNT), Map.of(), ports),
                    ClusterConfig.DEFAULT_JVM_OPTIONS, ClusterConfig.DEFAULT_HEALTH_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireBuilt(Path root) {
        for (String module : List.of("metadata-service", "partition-node", "group-coordinator", "gateway")) {
            Path jar = StrataBuild.quarkusRunJarPath(root, module);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: the console's tests start the real services; build them first ("
                        + "./mvnw package -DskipTests -pl " + module + ", or the whole project), or point -Dstrata.root at a built checkout");
            }
        }
        if (!Files.isRegularFile(StrataBuild.postgresServerJarPath(root))) {
            throw new IllegalStateException(StrataBuild.postgresServerJarPath(root) + " is missing: build the deploy module first");
        }
    }

    private static ClusterService service(String name) {
        return LocalCluster.SERVICES.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named " + name));
    }

    /** Topics of replication factor 3 need every node registered, and leaders need a controller. */
    private static void awaitThreeNodesAndAController(String gateway) {
        GatewayCalls calls = new GatewayCalls(gateway);
        Awaitility.await("three nodes UP and a controller").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    JsonNode cluster = calls.json("GET", "/admin/cluster", null);
                    long up = 0;
                    for (JsonNode node : cluster.path("nodes")) {
                        up += "UP".equals(node.path("state").asText()) ? 1 : 0;
                    }
                    return up == 3 && cluster.path("controller").path("node_id").asInt(-1) >= 0;
                });
    }
}
