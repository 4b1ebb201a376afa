package io.strata.bench.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Apache Kafka brokers in KRaft combined mode (each node both broker and controller, the
 * controllers forming one quorum), started as child processes on 127.0.0.1 with free ports and a
 * fresh temporary directory, as the baseline to measure Strata against: one node by default, three
 * to compare replication. {@link #close()} stops them and deletes the directory; a shutdown hook
 * does the same when the bench ends another way (an error, Ctrl-C).
 *
 * <p>Directory layout: {@code node-<id>/server.properties}, {@code node-<id>/server.log} (INFO),
 * {@code node-<id>/process.out}, {@code node-<id>/data/} (the log dirs and KRaft metadata);
 * {@code log4j2-broker-<id>.properties}, and {@code log4j2-tools.properties} (WARN to standard error,
 * for the perf tools).
 */
public final class KafkaCluster implements PerfToolServers {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final List<KafkaNode> nodes;
    private final Thread cleanUpOnExit;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Process> processes = new ArrayList<>();

    /** One node's id and ports. */
    record KafkaNode(int id, int brokerPort, int controllerPort) {
        String voter() {
            return id + "@127.0.0.1:" + controllerPort;
        }
    }

    private KafkaCluster(Path dir, List<KafkaNode> nodes) {
        this.dir = dir;
        this.nodes = nodes;
        this.cleanUpOnExit = new Thread(this::stopAndDelete, "stop-kafka");
        Runtime.getRuntime().addShutdownHook(cleanUpOnExit);
    }

    /** Formats fresh log dirs, starts {@code size} nodes with a heap of {@code heap} each and waits until all are brokers. */
    public static KafkaCluster start(KafkaJvm jvm, int size, String heap) throws InterruptedException {
        List<Integer> ports = freePorts(2 * size);
        List<KafkaNode> nodes = IntStream.rangeClosed(1, size)
                .mapToObj(id -> new KafkaNode(id, ports.get(2 * id - 2), ports.get(2 * id - 1))).toList();
        KafkaCluster cluster = new KafkaCluster(createTempDir(), nodes);
        try {
            Files.writeString(cluster.toolLogConfigFile(), toolLogConfig());
            String clusterId = Uuid.randomUuid().toString();
            for (KafkaNode node : nodes) {
                cluster.prepare(jvm, node, clusterId);
            }
            for (KafkaNode node : nodes) {
                cluster.launch(jvm, node, heap);
            }
            cluster.awaitReady();
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public String bootstrap() {
        return nodes.stream().map(node -> "127.0.0.1:" + node.brokerPort()).collect(Collectors.joining(","));
    }

    public List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    /** The log4j2 config the perf tools run with: warnings only, to standard error. */
    @Override
    public Path toolLogConfigFile() {
        return dir.resolve("log4j2-tools.properties");
    }

    @Override
    public String describe() {
        return nodes.size() + " Kafka 4.3.1 broker(s) at " + bootstrap() + ", pids " + pids();
    }

    private Path nodeDir(KafkaNode node) {
        return dir.resolve("node-" + node.id());
    }

    private void prepare(KafkaJvm jvm, KafkaNode node, String clusterId) throws IOException, InterruptedException {
        Path nodeDir = Files.createDirectories(nodeDir(node));
        Files.writeString(nodeDir.resolve("server.properties"), serverProperties(node, nodes, nodeDir.resolve("data")));
        Files.writeString(nodeDir.resolve("log4j2.properties"), brokerLogConfig(nodeDir.resolve("server.log")));
        List<String> command = jvm.command("256M", toolLogConfigFile(), "kafka.tools.StorageTool",
                List.of("format", "-t", clusterId, "-c", nodeDir.resolve("server.properties").toString()));
        Process format = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(nodeDir.resolve("format.out").toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting Kafka node " + node.id() + " failed: "
                    + Files.readString(nodeDir.resolve("format.out")));
        }
    }

    private void launch(KafkaJvm jvm, KafkaNode node, String heap) throws IOException {
        Path nodeDir = nodeDir(node);
        List<String> command = new ArrayList<>(jvm.command(heap, nodeDir.resolve("log4j2.properties"),
                "kafka.Kafka", List.of(nodeDir.resolve("server.properties").toString())));
        command.add(1, "-Xms" + heap);
        processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(nodeDir.resolve("process.out").toFile()).start());
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
            while (true) {
                requireAlive();
                try {
                    if (admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size() == nodes.size()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // Not listening yet, or no quorum yet: try again until the deadline.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Kafka brokers did not all answer within " + START_TIMEOUT);
                }
                Thread.sleep(200);
            }
        }
    }

    private void requireAlive() {
        for (int i = 0; i < processes.size(); i++) {
            if (!processes.get(i).isAlive()) {
                Path nodeDir = nodeDir(nodes.get(i));
                throw new IllegalStateException("Kafka node " + nodes.get(i).id() + " exited with "
                        + processes.get(i).exitValue() + "; its log ends with:\n" + tail(nodeDir.resolve("server.log"))
                        + tail(nodeDir.resolve("process.out")));
            }
        }
    }

    /**
     * A node that is both broker and controller, on 127.0.0.1 only; Kafka's internal topics are
     * replicated as widely as the cluster allows (up to 3).
     */
    static String serverProperties(KafkaNode node, List<KafkaNode> all, Path logDir) {
        int internalRf = Math.min(3, all.size());
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + node.id(),
                "controller.quorum.voters=" + all.stream().map(KafkaNode::voter).collect(Collectors.joining(",")),
                "listeners=PLAINTEXT://127.0.0.1:" + node.brokerPort() + ",CONTROLLER://127.0.0.1:" + node.controllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + node.brokerPort(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logDir,
                "num.partitions=1",
                "offsets.topic.replication.factor=" + internalRf,
                "transaction.state.log.replication.factor=" + internalRf,
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=" + internalRf,
                "share.coordinator.state.topic.min.isr=1",
                // The consumer perf tool joins a group: do not make it wait 3 s for other members.
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "");
    }

    static String brokerLogConfig(Path logFile) {
        return String.join("\n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.file.ref=file",
                "appender.file.type=File",
                "appender.file.name=file",
                "appender.file.fileName=" + logFile,
                "appender.file.layout.type=PatternLayout",
                "appender.file.layout.pattern=[%d] %p %m (%c)%n",
                "");
    }

    static String toolLogConfig() {
        return String.join("\n",
                "rootLogger.level=WARN",
                "rootLogger.appenderRef.err.ref=err",
                "appender.err.type=Console",
                "appender.err.name=err",
                "appender.err.target=SYSTEM_ERR",
                "appender.err.layout.type=PatternLayout",
                "appender.err.layout.pattern=kafka> [%d] %p %m (%c)%n",
                "");
    }

    @Override
    public void close() {
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUpOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it does the same work, once.
        }
    }

    private void stopAndDelete() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // All at once: a lone broker of three would wait for a controller quorum that is leaving.
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        deleteRecursively(dir);
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("strata-bench-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Distinct free ports: all sockets are held open until every port is known. */
    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // The port is free again either way once this process ends.
                }
            }
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())) + "\n";
        } catch (IOException e) {
            return "(no " + file.getFileName() + ")\n";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
