package io.strata.connector;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.GroupDescription;
import io.strata.api.v1.GroupCoordinatorServiceGrpc;
import io.strata.api.v1.GroupTopicPartitions;
import io.strata.client.Header;
import io.strata.client.admin.Admin;
import io.strata.client.producer.Producer;
import io.strata.client.producer.ProducerRecord;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * One real Strata cluster for the whole test run of this module: PostgreSQL, the metadata service,
 * three partition nodes, the group coordinator and the gateway, as separate processes from the
 * built jars under {@code strata.root} (configured exactly as {@code ./strata up} configures them,
 * {@link LocalCluster#spec}), on free ports, in a directory {@code target/strata-cluster-*} (logs under
 * its {@code logs/}). Started by the first test
 * that asks for it ({@link ClusterExtension}), stopped when the run ends, whatever its outcome.
 * Tests share it, so each uses topics and groups of its own.
 */
public final class StrataTestCluster implements AutoCloseable {

    private static final List<String> SERVICES = List.of("postgres", "metadata-service",
            "partition-node-1", "partition-node-2", "partition-node-3", "group-coordinator", "gateway");
    /**
     * The coordinator's session timeout here, instead of its 45 s default: a test that kills a
     * member waits this long for its partitions to move. Five heartbeat intervals (3 s), so a
     * member of a loaded machine is not expired while it is alive.
     */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(15);

    private final ClusterConfig config;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Admin admin;
    private final Producer producer;
    private final ManagedChannel gatewayChannel;

    private StrataTestCluster(ClusterConfig config) {
        this.config = config;
        LocalCluster layout = new LocalCluster(config, System.out);
        try {
            startStages(layout);
        } catch (IOException | RuntimeException failed) {
            close();
            throw failed instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) failed;
        }
        admin = Admin.create(Map.of("bootstrap.servers", bootstrap()));
        producer = Producer.create(Map.of("bootstrap.servers", bootstrap(), "linger.ms", "0"));
        gatewayChannel = ManagedChannelBuilder.forAddress("127.0.0.1", config.port("gateway")).usePlaintext().build();
    }

    public static StrataTestCluster start() {
        Map<String, String> ports = new HashMap<>();
        ClusterPorts.defaults(LocalCluster.NODE_COUNT).keySet().forEach(name -> ports.put(name, Integer.toString(FreePorts.next())));
        try {
            // under the module's target/, so the services' logs stay for a look after a failure and clean removes them
            Path target = Path.of("target").toAbsolutePath();
            Files.createDirectories(target);
            Path dataDir = Files.createTempDirectory(target, "strata-cluster-");
            return new StrataTestCluster(new ClusterConfig(StrataBuild.root(), dataDir,
                    ClusterPorts.resolve(ClusterPorts.defaults(LocalCluster.NODE_COUNT), Map.of(), ports),
                    ClusterConfig.TEST_JVM_OPTIONS, ClusterConfig.DEFAULT_HEALTH_TIMEOUT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startStages(LocalCluster layout) throws IOException {
        Map<Integer, List<ClusterService>> stages = new java.util.TreeMap<>();
        LocalCluster.SERVICES.stream().filter(service -> SERVICES.contains(service.name()))
                .forEach(service -> stages.computeIfAbsent(service.stage(), stage -> new ArrayList<>()).add(service));
        for (List<ClusterService> stage : stages.values()) {
            List<ServiceProcess> started = new ArrayList<>();
            for (ClusterService service : stage) {
                ServiceSpec spec = layout.spec(service);
                if (service.name().equals("group-coordinator")) {
                    spec = spec.withSystemProperty("strata.coordinator.session-timeout", SESSION_TIMEOUT.toSeconds() + "s");
                }
                ServiceProcess process = ServiceProcess.start(spec);
                processes.add(process);
                started.add(process);
            }
            for (ServiceProcess process : started) {
                process.awaitHealthy(Duration.ofMinutes(3));
            }
        }
    }

    /** {@code bootstrap.servers} of the gateway. */
    public String bootstrap() {
        return "127.0.0.1:" + config.port("gateway");
    }

    /** Creates a topic (replication factor 1) and returns its name. */
    public String createTopic(String name, int partitions) {
        admin.createTopic(name, partitions, 1, Map.of());
        return name;
    }

    /** Writes a record (acks=all) and waits for it; headers are name/value text pairs. */
    public long produce(String topic, int partition, String key, String value, String... headers) {
        List<Header> list = new ArrayList<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            list.add(new Header(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return producer.send(new ProducerRecord(topic, partition, null, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), list)).join().offset();
    }

    /** The group's committed offset of a partition, -1 when none. */
    public long committed(String group, String topic, int partition) {
        return GroupCoordinatorServiceGrpc.newBlockingStub(gatewayChannel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(group).addPartitions(GroupTopicPartitions.newBuilder()
                        .setTopic(topic).addPartitions(partition)).build())
                .getOffsetsList().stream().filter(o -> o.getTopic().equals(topic) && o.getPartition() == partition)
                .mapToLong(o -> o.getOffset()).findFirst().orElse(-1);
    }

    /**
     * Who owns what in a group now: member id → the partitions of {@code topic} the coordinator
     * last assigned to it (what it may own), members in member-id order; empty when the group has no members.
     */
    public Map<String, Set<Integer>> assignments(String group, String topic) {
        GroupDescription description = GroupCoordinatorServiceGrpc.newBlockingStub(gatewayChannel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .describeGroups(DescribeGroupsRequest.newBuilder().addGroupIds(group).build()).getGroups(0);
        Map<String, Set<Integer>> owners = new TreeMap<>();
        description.getMembersList().forEach(member -> owners.put(member.getMemberId(), member.getAssignmentList().stream()
                .filter(assigned -> assigned.getTopic().equals(topic))
                .flatMap(assigned -> assigned.getPartitionsList().stream())
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new))));
        return owners;
    }

    @Override
    public void close() {
        if (gatewayChannel != null) {
            gatewayChannel.shutdownNow();
        }
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
        List<ServiceProcess> reversed = new ArrayList<>(processes);
        Collections.reverse(reversed);
        reversed.forEach(ServiceProcess::close);
    }
}
