package io.strata.adminui;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.strata.deploy.cluster.ClusterConfig;
import io.strata.deploy.cluster.ClusterPorts;
import io.strata.deploy.cluster.ClusterService;
import io.strata.deploy.cluster.LocalCluster;
import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.deploy.launcher.ServiceSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import io.strata.deploy.launcher.StrataBuild;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one real cluster the console's tests run against, started once for the module's test run:
 * embedded PostgreSQL, the metadata service, three partition nodes, the group coordinator and the
 * gateway, each a process from its built {@code quarkus-run.jar} (under {@code -Dstrata.root}, by
 * default this checkout), configured exactly as {@code ./strata up} configures them but on free
 * ports and in {@code target/}. The console under test is given the gateway's address and nothing
 * else. Every process is stopped when the tests end, also when start-up fails half-way.
 *
 * <p>With the init argument {@code auth=true} the gateway requires authentication: the metadata
 * service makes the user {@value #ADMIN} ({@value #ADMIN_PASSWORD}), the Kafka Admin API the user
 * {@value #VIEWER} ({@value #VIEWER_PASSWORD}), and the console is started with its login on,
 * {@value #ADMIN} its only admin and its own gateway user (for the audit topic) {@value #ADMIN}.
 *
 * <p>Not thread-safe: Quarkus calls start and stop once each, from one thread.
 */
public class AdminUiCluster implements QuarkusTestResourceLifecycleManager {

    /** Start stages, each healthy before the next, in the order of {@code ./strata up}. */
    private static final List<List<String>> STAGES = List.of(List.of("postgres"), List.of("metadata-service"),
            List.of("partition-node-1", "partition-node-2", "partition-node-3"), List.of("group-coordinator"), List.of("gateway"));

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "console-admin-secret";
    public static final String VIEWER = "viewer";
    public static final String VIEWER_PASSWORD = "console-viewer-secret";

    private final List<ServiceProcess> processes = new ArrayList<>();
    private boolean auth;

    @Override
    public void init(Map<String, String> initArgs) {
        auth = Boolean.parseBoolean(initArgs.getOrDefault("auth", "false"));
    }

    @Override
    public Map<String, String> start() {
        ClusterConfig config = config();
        LocalCluster layout = new LocalCluster(config, System.out);
        requireBuilt(config.root());
        try {
            for (List<String> stage : STAGES) {
                List<ServiceProcess> started = new ArrayList<>();
                for (String name : stage) {
                    ServiceProcess process = ServiceProcess.start(secured(layout.spec(service(name))));
                    processes.add(process);
                    started.add(process);
                }
                started.forEach(p -> p.awaitHealthy(Duration.ofMinutes(3)));
            }
            String gateway = config.httpUrl("gateway");
            awaitThreeNodesAndAController(gateway, auth ? basic(ADMIN, ADMIN_PASSWORD) : null);
            if (!auth) {
                return Map.of("strata.admin-ui.gateway", gateway);
            }
            createViewer("127.0.0.1:" + config.port(LocalCluster.nodeServiceName(1) + "-kafka"));
            return Map.of("strata.admin-ui.gateway", gateway, "strata.admin-ui.gateway-username", ADMIN,
                    "strata.admin-ui.gateway-password", ADMIN_PASSWORD, "strata.admin-ui.auth.enabled", "true",
                    "strata.admin-ui.auth.admin-users", ADMIN);
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

    /** The spec with authentication on where {@code auth} asks for it. */
    private ServiceSpec secured(ServiceSpec spec) {
        if (!auth) {
            return spec;
        }
        return switch (spec.name()) {
            case "metadata-service" -> spec.withSystemProperty("strata.metadata.scram.bootstrap-user", ADMIN)
                    .withEnvironment("STRATA_METADATA_SCRAM_BOOTSTRAP_PASSWORD", ADMIN_PASSWORD);
            case "gateway" -> spec.withSystemProperty("strata.gateway.auth.enabled", "true");
            default -> spec;
        };
    }

    /** The second user, a viewer in the console, made as {@code kafka-configs} would (the listener has no SASL here). */
    private static void createViewer(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(VIEWER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192), VIEWER_PASSWORD))).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not make the user " + VIEWER + " through " + bootstrap, e);
        }
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static ClusterConfig config() {
        Map<String, String> ports = new HashMap<>();
        ClusterPorts.defaults(LocalCluster.NODE_COUNT).keySet().forEach(name -> ports.put(name, Integer.toString(FreePorts.next())));
        try {
            Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "cluster-");
            return new ClusterConfig(StrataBuild.root(), dataDir.toAbsolutePath(),
                    ClusterPorts.resolve(ClusterPorts.defaults(LocalCluster.NODE_COUNT), Map.of(), ports),
                    ClusterConfig.TEST_JVM_OPTIONS, ClusterConfig.DEFAULT_HEALTH_TIMEOUT);
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
    private static void awaitThreeNodesAndAController(String gateway, String authorization) {
        GatewayCalls calls = new GatewayCalls(gateway, authorization);
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
