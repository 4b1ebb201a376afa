package io.strata.bench.chaos;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.strata.api.channel.ReconnectAfterFailure;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.deploy.cluster.ClusterConfig;
import io.strata.deploy.cluster.ClusterPorts;
import io.strata.deploy.cluster.ClusterService;
import io.strata.deploy.cluster.LocalCluster;
import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.ServiceFailedException;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.deploy.launcher.ServiceSpec;
import io.strata.deploy.launcher.StrataBuild;
import io.strata.deploy.postgres.PostmasterPidFile;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The cluster the fault suite breaks: the services of {@code ./strata up}, configured as
 * {@link LocalCluster#spec} configures them, on free ports under the run's data directory, every
 * process owned by this object so that the nemesis can kill, pause and restart any of them.
 *
 * <p>Three links go through a {@link FaultProxy} so that they can be cut: partition node
 * {@value #PROXIED_NODE}'s link to the metadata service ({@code strata.node.metadata-url}), the
 * gateway's ({@code strata.gateway.metadata-url}), and every connection to partition node
 * {@value #PROXIED_NODE} (it advertises the proxy's port, {@code strata.node.advertised-port}, so
 * the other nodes and the gateway reach it through the proxy).
 *
 * <p>Partition node {@value #PROXIED_NODE}'s data directory is a {@link SmallDisk} of its own
 * when this process may mount one (root), so that the nemesis can fill it.
 *
 * <p>PostgreSQL runs as a launcher JVM whose postmaster outlives it, so its faults act on the
 * postmaster's process tree (found through {@code postmaster.pid}) as well as the launcher.
 *
 * <p>Thread-safety: process operations are synchronized (the nemesis and the final heal may
 * overlap); the metadata look-ups are safe from any thread.
 */
final class ChaosCluster implements AutoCloseable {

    static final int PROXIED_NODE = 3;
    static final String NODE_METADATA_LINK = "node-" + PROXIED_NODE + "-metadata";
    static final String GATEWAY_METADATA_LINK = "gateway-metadata";
    static final String NODE_PEERS_LINK = "node-" + PROXIED_NODE + "-peers";
    /** The size of partition node {@value #PROXIED_NODE}'s file system: ample for a 30-minute run. */
    static final String DISK_SIZE = "1g";
    static final String POSTGRES = "postgres";
    static final String METADATA = "metadata-service";
    static final String COORDINATOR = "group-coordinator";
    static final String GATEWAY = "gateway";
    /** Bound on one service's start until healthy; generous: several JVMs start on 2 cores. */
    static final Duration HEALTH_TIMEOUT = Duration.ofMinutes(3);
    /**
     * Starts of one service before giving up: on a loaded machine a service can time out on its
     * own dependencies (e.g. the metadata service's first PostgreSQL connection) and exit.
     */
    static final int START_ATTEMPTS = 3;
    /** SIGTERM grace of a rolling restart before SIGKILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final ClusterConfig config;
    private final LocalCluster layout;
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final Map<String, FaultProxy> proxies = new LinkedHashMap<>();
    private final ManagedChannel metadataChannel;
    private final MetadataServiceGrpc.MetadataServiceBlockingStub metadata;
    private final PrintStream log;
    private final Optional<SmallDisk> disk;

    ChaosCluster(Path dataDir, PrintStream log) {
        this.log = log;
        Map<String, String> ports = new HashMap<>();
        ClusterPorts.defaults(LocalCluster.NODE_COUNT).keySet()
                .forEach(name -> ports.put(name, Integer.toString(FreePorts.next())));
        config = new ClusterConfig(StrataBuild.root(), dataDir,
                ClusterPorts.resolve(ClusterPorts.defaults(LocalCluster.NODE_COUNT), Map.of(), ports),
                ClusterConfig.DEFAULT_JVM_OPTIONS, ClusterConfig.DEFAULT_HEALTH_TIMEOUT);
        layout = new LocalCluster(config, log);
        InetSocketAddress metadataAddress = new InetSocketAddress("127.0.0.1", config.port(METADATA));
        proxies.put(NODE_METADATA_LINK, new FaultProxy(NODE_METADATA_LINK, FreePorts.next(), metadataAddress));
        proxies.put(GATEWAY_METADATA_LINK, new FaultProxy(GATEWAY_METADATA_LINK, FreePorts.next(), metadataAddress));
        proxies.put(NODE_PEERS_LINK, new FaultProxy(NODE_PEERS_LINK, FreePorts.next(),
                new InetSocketAddress("127.0.0.1", config.port(nodeName(PROXIED_NODE)))));
        disk = SmallDisk.mount(nodeDataDir(PROXIED_NODE), DISK_SIZE, log);
        metadataChannel = NettyChannelBuilder.forAddress("127.0.0.1", config.port(METADATA)).usePlaintext().build();
        metadata = MetadataServiceGrpc.newBlockingStub(ReconnectAfterFailure.wrap(metadataChannel));
    }

    static String nodeName(int node) {
        return LocalCluster.nodeServiceName(node);
    }

    static List<String> nodeNames() {
        List<String> names = new ArrayList<>();
        for (int node = 1; node <= LocalCluster.NODE_COUNT; node++) {
            names.add(nodeName(node));
        }
        return names;
    }

    /** Every service in start order. */
    static List<String> serviceNames() {
        return Stream.of(List.of(POSTGRES, METADATA), nodeNames(), List.of(COORDINATOR, GATEWAY))
                .flatMap(List::stream).toList();
    }

    /** Starts every service stage by stage and waits until each stage is healthy. */
    void start() throws IOException {
        startAndAwait(List.of(POSTGRES));
        startAndAwait(List.of(METADATA));
        startAndAwait(nodeNames());
        startAndAwait(List.of(COORDINATOR));
        startAndAwait(List.of(GATEWAY));
    }

    private void startAndAwait(List<String> names) throws IOException {
        for (String name : names) {
            ServiceProcess process = ServiceProcess.start(spec(name));
            synchronized (this) {
                processes.put(name, process);
            }
        }
        for (String name : names) {
            awaitHealthyOrStartAgain(name);
        }
    }

    /** Waits until the service is healthy; one that exits first is started again, {@link #START_ATTEMPTS} times at most. */
    private void awaitHealthyOrStartAgain(String name) throws IOException {
        for (int attempt = 1; ; attempt++) {
            ServiceProcess process;
            synchronized (this) {
                process = processes.get(name);
            }
            try {
                process.awaitHealthy(HEALTH_TIMEOUT);
                return;
            } catch (ServiceFailedException e) {
                if (attempt >= START_ATTEMPTS || process.isAlive()) {
                    throw e;
                }
                log.printf("chaos: %s exited before it was healthy (attempt %d of %d); starting it again: %s%n", name, attempt,
                        START_ATTEMPTS, e.getMessage().lines().findFirst().orElse(""));
                ServiceProcess again = ServiceProcess.start(spec(name));
                synchronized (this) {
                    processes.put(name, again);
                }
            }
        }
    }

    private ServiceSpec spec(String name) {
        ServiceSpec spec = layout.spec(service(name));
        if (name.equals(nodeName(PROXIED_NODE))) {
            spec = spec.withSystemProperty("strata.node.metadata-url", "http://127.0.0.1:" + proxies.get(NODE_METADATA_LINK).port())
                    .withSystemProperty("strata.node.advertised-port", Integer.toString(proxies.get(NODE_PEERS_LINK).port()));
        } else if (name.equals(GATEWAY)) {
            spec = spec.withSystemProperty("strata.gateway.metadata-url", "http://127.0.0.1:" + proxies.get(GATEWAY_METADATA_LINK).port());
        }
        return spec;
    }

    private static ClusterService service(String name) {
        return LocalCluster.SERVICES.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named " + name));
    }

    String gatewayUrl() {
        return config.httpUrl(GATEWAY);
    }

    String bootstrap() {
        return "127.0.0.1:" + config.port(GATEWAY);
    }

    int port(String name) {
        return config.port(name);
    }

    Path nodeDataDir(int node) {
        return config.dataDir().resolve("node-" + node);
    }

    FaultProxy proxy(String link) {
        return proxies.get(link);
    }

    /** Fills partition node {@value #PROXIED_NODE}'s disk; returns the filler's bytes. */
    long fillDisk() {
        return disk.orElseThrow(() -> new IllegalStateException("no small disk mounted (needs root); nothing to fill")).fill();
    }

    void emptyDisk() throws IOException {
        if (disk.isPresent()) {
            disk.get().empty();
        }
    }

    Iterable<FaultProxy> proxies() {
        return proxies.values();
    }

    /** SIGKILL; for PostgreSQL also of the postmaster and its backends. */
    synchronized void kill(String name) {
        List<ProcessHandle> postgresTree = name.equals(POSTGRES) ? postgresTree() : List.of();
        processes.get(name).kill();
        postgresTree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : postgresTree) {
            handle.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(failure -> handle).join();
        }
    }

    /** SIGSTOP; for PostgreSQL of the postmaster and its backends (the launcher only waits on them). */
    synchronized void pause(String name) {
        if (name.equals(POSTGRES)) {
            signal("STOP", postgresTree());
        } else {
            processes.get(name).pause();
        }
    }

    synchronized void resume(String name) {
        if (name.equals(POSTGRES)) {
            signal("CONT", postgresTree());
        } else if (processes.get(name).isPaused()) {
            processes.get(name).resume();
        }
    }

    /** SIGTERM, SIGKILL after {@link #STOP_GRACE}. */
    synchronized void stop(String name) {
        processes.get(name).stop(STOP_GRACE);
    }

    boolean isAlive(String name) {
        ServiceProcess process;
        synchronized (this) {
            process = processes.get(name);
        }
        return process != null && process.isAlive();
    }

    /** Starts a service that is not running again, on its data, and waits until healthy. */
    void restart(String name) throws IOException {
        if (isAlive(name)) {
            return;
        }
        if (name.equals(POSTGRES)) {
            PostmasterPidFile.maybeStopOrphan(config.postgresDataDir());
        }
        ServiceProcess process = ServiceProcess.start(spec(name));
        synchronized (this) {
            processes.put(name, process);
        }
        awaitHealthyOrStartAgain(name);
    }

    /** Heals everything: continues paused processes (PostgreSQL's always), heals cut links, restarts the dead. */
    void healAll() throws IOException {
        proxies.values().forEach(FaultProxy::heal);
        emptyDisk();
        resume(POSTGRES);
        for (String name : serviceNames()) {
            if (isAlive(name)) {
                resume(name);
            }
        }
        for (String name : serviceNames()) {
            restart(name);
        }
    }

    private List<ProcessHandle> postgresTree() {
        List<ProcessHandle> tree = new ArrayList<>();
        PostmasterPidFile.runningPostmaster(config.postgresDataDir()).ifPresent(postmaster -> {
            tree.add(postmaster);
            postmaster.descendants().forEach(tree::add);
        });
        return tree;
    }

    private static void signal(String signal, List<ProcessHandle> handles) {
        if (handles.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        handles.forEach(handle -> command.add(Long.toString(handle.pid())));
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot send SIG" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The controller's node id (the raft leader), as the metadata service knows it; empty when it cannot tell. */
    Optional<Integer> controller() {
        try {
            int node = metadata.withDeadlineAfter(3, TimeUnit.SECONDS)
                    .describeCluster(DescribeClusterRequest.getDefaultInstance()).getController().getNodeId();
            return node > 0 ? Optional.of(node) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The partitions of these topics as the metadata service describes them; empty when it cannot answer. */
    List<PartitionView> partitions(List<String> topics) {
        try {
            List<PartitionView> views = new ArrayList<>();
            for (TopicDescription topic : metadata.withDeadlineAfter(3, TimeUnit.SECONDS)
                    .describeTopics(DescribeTopicsRequest.newBuilder().addAllNames(topics).build()).getTopicsList()) {
                for (PartitionDescription partition : topic.getPartitionsList()) {
                    views.add(new PartitionView(topic.getName(), partition.getPartition(), partition.getLeader(),
                            partition.getReplicasList(), partition.getIsrList()));
                }
            }
            return views;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** One partition as the metadata service describes it. */
    record PartitionView(String topic, int partition, int leader, List<Integer> replicas, List<Integer> isr) {
        String id() {
            return topic + "-" + partition;
        }
    }

    @Override
    public void close() {
        proxies.values().forEach(FaultProxy::heal);
        metadataChannel.shutdownNow();
        List<String> names;
        synchronized (this) {
            names = new ArrayList<>(processes.keySet());
        }
        java.util.Collections.reverse(names);
        for (String name : names) {
            try {
                resume(name);
                stop(name);
            } catch (RuntimeException e) {
                log.println("chaos: stopping " + name + ": " + e.getMessage());
            }
        }
        PostmasterPidFile.maybeStopOrphan(config.postgresDataDir());
        proxies.values().forEach(FaultProxy::close);
        disk.ifPresent(SmallDisk::close);
    }
}
