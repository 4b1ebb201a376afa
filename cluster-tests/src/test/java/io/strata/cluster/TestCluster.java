package io.strata.cluster;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.strata.deploy.cluster.ClusterConfig;
import io.strata.deploy.cluster.ClusterPorts;
import io.strata.deploy.cluster.ClusterService;
import io.strata.deploy.cluster.LocalCluster;
import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.deploy.launcher.StrataBuild;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A local cluster for one test: the same services, configured exactly as {@code ./strata up}
 * configures them ({@link LocalCluster#spec}), but on free ports, in the test's own directory, and
 * with every process owned by the test, so that it can kill, pause or restart any of them and
 * nothing outlives the test, whether it passes or fails.
 */
final class TestCluster implements AutoCloseable {

    private final LocalCluster layout;
    private final ClusterConfig config;
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final Map<String, ManagedChannel> channels = new HashMap<>();
    private final Map<String, Map<String, String>> extraProperties = new HashMap<>();

    TestCluster(Path dataDir) {
        this(dataDir, false);
    }

    /** A cluster configured as {@code ./strata up --secure} configures it when {@code secure}: TLS and a cluster secret. */
    TestCluster(Path dataDir, boolean secure) {
        Map<String, String> ports = new HashMap<>();
        ClusterPorts.defaults(LocalCluster.NODE_COUNT).keySet()
                .forEach(name -> ports.put(name, Integer.toString(FreePorts.next())));
        config = new ClusterConfig(StrataBuild.root(), dataDir,
                ClusterPorts.resolve(ClusterPorts.defaults(LocalCluster.NODE_COUNT), Map.of(), ports),
                ClusterConfig.TEST_JVM_OPTIONS, ClusterConfig.DEFAULT_HEALTH_TIMEOUT, secure);
        layout = new LocalCluster(config, System.out);
        if (secure) {
            layout.prepareSecurity();
        }
    }

    /**
     * Gives a service (by name, or "partition-node" for every partition node) one more system
     * property, from its next start on: e.g. shorter timeouts for a test.
     */
    TestCluster withProperty(String service, String key, String value) {
        extraProperties.computeIfAbsent(service, name -> new LinkedHashMap<>()).put(key, value);
        return this;
    }

    /**
     * Partition nodes that take SCRAM logins and enforce ACLs (cache TTL 1 s), with {@code admin}
     * (made by the metadata service with {@code password}) their one super user.
     */
    TestCluster withSaslAndNodeAcls(String admin, String password) {
        return withProperty("metadata-service", "strata.metadata.scram.bootstrap-user", admin)
                .withProperty("metadata-service", "strata.metadata.scram.bootstrap-password", password)
                .withProperty("partition-node", "strata.node.kafka.sasl.enabled-mechanisms", "SCRAM-SHA-256,SCRAM-SHA-512")
                .withProperty("partition-node", "strata.node.kafka.acl.enabled", "true")
                .withProperty("partition-node", "strata.node.kafka.acl.super-users", "User:" + admin)
                .withProperty("partition-node", "strata.node.kafka.acl.cache-ttl", "1s");
    }

    private io.strata.deploy.launcher.ServiceSpec specOf(String name) {
        io.strata.deploy.launcher.ServiceSpec spec = layout.spec(service(name));
        Map<String, String> extra = new LinkedHashMap<>();
        if (name.startsWith("partition-node-")) {
            extra.putAll(extraProperties.getOrDefault("partition-node", Map.of()));
        }
        extra.putAll(extraProperties.getOrDefault(name, Map.of()));
        for (Map.Entry<String, String> property : extra.entrySet()) {
            spec = spec.withSystemProperty(property.getKey(), property.getValue());
        }
        return spec;
    }

    /**
     * Starts what every cluster test needs: PostgreSQL, then the metadata service and the three
     * partition nodes together (a node retries its registration until the metadata service
     * answers; on 2 cores the overlap saves about a second a cluster over ./strata up's stages).
     */
    TestCluster startCore() throws IOException {
        return start("postgres").start("metadata-service", "partition-node-1", "partition-node-2", "partition-node-3");
    }

    /** Starts these services (by name, e.g. "postgres", "metadata-service", "partition-node-1") and waits until healthy. */
    TestCluster start(String... names) throws IOException {
        List<ServiceProcess> started = new ArrayList<>();
        for (String name : names) {
            ServiceProcess process = ServiceProcess.start(specOf(name));
            processes.put(name, process);
            started.add(process);
        }
        for (ServiceProcess process : started) {
            process.awaitHealthy(Duration.ofMinutes(3));
        }
        return this;
    }

    /**
     * Starts one more instance of a service beside the first (e.g. a second gateway), named
     * {@code instance}, on a free port and logging to its own file; it is owned and stopped like
     * the others. Returns its HTTP base URL (HTTP and gRPC for the Quarkus services).
     */
    String startAnother(String name, String instance) throws IOException {
        int port = FreePorts.next();
        String url = "http://127.0.0.1:" + port;
        io.strata.deploy.launcher.ServiceSpec spec = specOf(name)
                .withSystemProperty("quarkus.http.port", Integer.toString(port))
                .withLogFile(config.logFile(instance))
                .withHealthUrl(URI.create(url + "/q/health/ready"));
        ServiceProcess process = ServiceProcess.start(spec);
        processes.put(instance, process);
        process.awaitHealthy(Duration.ofMinutes(3));
        return url;
    }

    /**
     * Starts partition node {@code nodeId} beyond the three of {@link #startCore}, as a node added to
     * a running cluster is: configured like node 1 but with its own id, data directory, log and free
     * ports, and outside the controller's raft group (whose members are fixed when it forms). Owned
     * and stopped like the others, under the name {@code partition-node-<id>}; returns its Kafka
     * listener's {@code host:port}.
     */
    String startExtraNode(int nodeId) throws IOException {
        String name = LocalCluster.nodeServiceName(nodeId);
        int httpPort = FreePorts.next();
        int kafkaPort = FreePorts.next();
        io.strata.deploy.launcher.ServiceSpec nodeOne = specOf(LocalCluster.nodeServiceName(1));
        io.strata.deploy.launcher.ServiceSpec spec = new io.strata.deploy.launcher.ServiceSpec(name, nodeOne.jar(),
                nodeOne.jvmArgs(), nodeOne.systemProperties(), nodeOne.environment(), nodeOne.logFile(), nodeOne.healthUrl())
                .withSystemProperty("strata.node.id", Integer.toString(nodeId))
                .withSystemProperty("strata.node.data-dir", config.dataDir().resolve("node-" + nodeId).toString())
                .withSystemProperty("quarkus.http.port", Integer.toString(httpPort))
                .withSystemProperty("strata.node.kafka.port", Integer.toString(kafkaPort))
                .withSystemProperty("strata.node.raft.members", "")
                .withLogFile(config.logFile(name))
                .withHealthUrl(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"));
        ServiceProcess process = ServiceProcess.start(spec);
        processes.put(name, process);
        process.awaitHealthy(Duration.ofMinutes(3));
        return "127.0.0.1:" + kafkaPort;
    }

    /** How many lines of a service's log (over all its runs) contain {@code text}. */
    long logLinesContaining(String name, String text) throws IOException {
        return logLines(name, text).size();
    }

    /** The lines of a service's log (over all its runs) that contain {@code text}. */
    List<String> logLines(String name, String text) throws IOException {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(config.logFile(name))) {
            return lines.filter(line -> line.contains(text)).toList();
        }
    }

    ServiceProcess process(String name) {
        return processes.get(name);
    }

    /** Starts a stopped or killed service again, with the same data, and waits until healthy. */
    ServiceProcess restart(String name) throws IOException {
        ServiceProcess process = ServiceProcess.start(specOf(name)).awaitHealthy(Duration.ofMinutes(3));
        processes.put(name, process);
        synchronized (this) {
            ManagedChannel channel = channels.get(name);
            if (channel != null) {
                channel.resetConnectBackoff();
            }
        }
        return process;
    }

    Path dataDir() {
        return config.dataDir();
    }

    /** The port a service listens on (HTTP and gRPC for the Quarkus services). */
    int port(String name) {
        return config.port(name);
    }

    /** The Kafka wire-protocol port of partition node {@code node} (1..3). */
    int kafkaPort(int node) {
        return config.port(LocalCluster.nodeServiceName(node) + "-kafka");
    }

    /**
     * {@code bootstrap.servers} for Kafka clients and tools: every partition node's Kafka listener,
     * {@code 127.0.0.1:<port>,…}. Group APIs need the group coordinator started as well.
     */
    String kafkaBootstrap() {
        List<String> servers = new ArrayList<>();
        for (int node = 1; node <= LocalCluster.NODE_COUNT; node++) {
            servers.add("127.0.0.1:" + kafkaPort(node));
        }
        return String.join(",", servers);
    }

    /** {@code http://127.0.0.1:<port>} of a service ({@code https://} in a secure cluster). */
    String httpUrl(String name) {
        return config.httpUrl(name);
    }

    ClusterConfig config() {
        return config;
    }

    /** The plaintext gRPC channel to a service (one per service, reconnecting after restarts), closed with the cluster. */
    synchronized ManagedChannel channel(String name) {
        return channels.computeIfAbsent(name, service ->
                ManagedChannelBuilder.forAddress("127.0.0.1", config.port(service)).usePlaintext().build());
    }

    /** The start stage of a process by its name; an extra node or second instance goes with its kind. */
    private static int stageOf(String name) {
        return LocalCluster.SERVICES.stream().filter(s -> name.equals(s.name()) || name.startsWith(s.name().replaceAll("-\\d+$", "")))
                .mapToInt(ClusterService::stage).findFirst().orElse(Integer.MAX_VALUE);
    }

    private static ClusterService service(String name) {
        return LocalCluster.SERVICES.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named " + name));
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel channel : channels.values()) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        // Newest stage first, each stage's processes together, as ./strata down stops them.
        // Everything at once was tried: a node whose metadata service went away under it could
        // then take its whole grace period to stop.
        List<List<ServiceProcess>> stages = new ArrayList<>(processes.entrySet().stream()
                .collect(Collectors.groupingBy(entry -> stageOf(entry.getKey()), TreeMap::new,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())))
                .values());
        Collections.reverse(stages);
        for (List<ServiceProcess> stage : stages) {
            List<Thread> stopping = stage.stream().map(process -> new Thread(process::close, "stop " + process.name())).toList();
            stopping.forEach(Thread::start);
            for (Thread thread : stopping) {
                thread.join();
            }
        }
    }
}
