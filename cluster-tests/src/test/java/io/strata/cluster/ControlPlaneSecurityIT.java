package io.strata.cluster;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.strata.api.identity.CallCredential;
import io.strata.api.identity.Caller;
import io.strata.api.identity.ClusterCredential;
import io.strata.api.v1.AppendRequest;
import io.strata.api.v1.ClaimControllerRequest;
import io.strata.api.v1.ControllerDescription;
import io.strata.api.v1.DeleteReplicaRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.ElectLeadersRequest;
import io.strata.api.v1.FetchRequest;
import io.strata.api.v1.LeaderElection;
import io.strata.api.v1.ListReplicasRequest;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.api.v1.RegisterNodeRequest;
import io.strata.api.v1.ReplicaInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The control-plane attacks of issue 16, replayed against a cluster started with a cluster secret:
 * a huge controller epoch, a node id re-pointed at another address, a replica deleted, leaders
 * elected and records appended — each from a client without the secret (UNAUTHENTICATED) and,
 * where a role applies, with the secret in the wrong role or as the wrong node (PERMISSION_DENIED,
 * or the metadata service's own refusal). The cluster's state afterwards (controller, node
 * addresses, replicas, leaders and ISRs, every replica's log end offset) is what it was before.
 * Records are written through the gateway's REST API first, so the gateway's and the nodes' own
 * credentials are shown to work.
 */
class ControlPlaneSecurityIT extends ClusterTest {

    private static final String SECRET = "it-secret-" + UUID.randomUUID();
    private static final String TOPIC = "orders";
    private static final Duration BOUND = Duration.ofSeconds(60);

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final Map<String, ManagedChannel> byCaller = new java.util.HashMap<>();

    @AfterEach
    void closeChannels() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void strangersAndWrongRolesCannotDriveTheControlPlane() throws Exception {
        cluster = new TestCluster(dataDir);
        for (String service : List.of("metadata-service", "partition-node", "group-coordinator", "gateway")) {
            cluster.withProperty(service, "strata.security.cluster-secret", SECRET);
        }
        cluster.startCore().start("group-coordinator", "gateway");
        ControllerDescription controller = ElectionAwaits.controllerNewerThan(new MetadataProbe(channel("metadata-service", Caller.gateway())), 0);
        int bystander = controller.getNodeId() % 3 + 1;
        metadata(Caller.gateway()).createTopic(io.strata.api.v1.CreateTopicRequest.newBuilder().setName(TOPIC).setPartitions(3)
                .setReplicationFactor(3).build());
        RestCalls rest = new RestCalls(cluster.httpUrl("gateway"));
        for (int partition = 0; partition < 3; partition++) {
            int p = partition;
            await().atMost(BOUND).until(() -> rest.post("/topics/" + TOPIC + "/partitions/" + p, "application/vnd.kafka.json.v2+json",
                    "{\"records\":[{\"value\":\"a\"},{\"value\":\"b\"}]}").status() == 200);
        }
        await().atMost(BOUND).until(this::settled);
        ClusterState before = state();

        strangersAreUnauthenticated(controller);
        wrongRolesAreDenied(controller, bystander);
        nodesActOnlyAsThemselves(controller, bystander, before);

        assertThat(state()).isEqualTo(before);
    }

    private void strangersAreUnauthenticated(ControllerDescription controller) {
        MetadataServiceGrpc.MetadataServiceBlockingStub metadata = MetadataServiceGrpc.newBlockingStub(
                cluster.channel("metadata-service")).withDeadlineAfter(60, TimeUnit.SECONDS);
        PartitionServiceGrpc.PartitionServiceBlockingStub node = PartitionServiceGrpc.newBlockingStub(
                cluster.channel("partition-node-1")).withDeadlineAfter(60, TimeUnit.SECONDS);
        Status.Code refused = Status.Code.UNAUTHENTICATED;
        assertRefused(() -> metadata.claimController(hugeClaim(controller.getNodeId())), refused, "no strata-cluster-auth header");
        assertRefused(() -> metadata.registerNode(repoint(1, "")), refused, "RegisterNode");
        assertRefused(() -> metadata.electLeaders(election(controller)), refused, "ElectLeaders");
        assertRefused(() -> metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()), refused, "DescribeCluster");
        assertRefused(() -> node.deleteReplica(deleteReplica()), refused, "DeleteReplica");
        assertRefused(() -> node.append(append()), refused, "Append");
        // Fetch is served by the node's direct route, behind the same interceptors
        assertRefused(() -> node.fetch(FetchRequest.newBuilder().setTopic("any").build()), refused, "Fetch");
        assertRefused(() -> node.listReplicas(ListReplicasRequest.getDefaultInstance()), refused, "ListReplicas");
        MetadataServiceGrpc.MetadataServiceBlockingStub forged = MetadataServiceGrpc.newBlockingStub(
                open("metadata-service", CallCredential.of(new ClusterCredential("not-the-cluster-secret", 60_000),
                        Caller.node(controller.getNodeId())))).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertRefused(() -> forged.claimController(hugeClaim(controller.getNodeId())), refused, "does not verify");
    }

    private void wrongRolesAreDenied(ControllerDescription controller, int bystander) {
        Status.Code denied = Status.Code.PERMISSION_DENIED;
        assertRefused(() -> metadata(Caller.gateway()).claimController(hugeClaim(controller.getNodeId())), denied,
                "gateway (role gateway) may not call strata.v1.MetadataService/ClaimController; only node may");
        assertRefused(() -> metadata(Caller.gateway()).registerNode(repoint(bystander, "")), denied, "only node may");
        assertRefused(() -> metadata(Caller.gateway()).electLeaders(election(controller)), denied, "only node may");
        assertRefused(() -> metadata(Caller.coordinator()).electLeaders(election(controller)), denied, "only node may");
        assertRefused(() -> node(1, Caller.node(controller.getNodeId())).deleteReplica(deleteReplica()), denied, "no role may");
        assertRefused(() -> node(1, Caller.gateway()).deleteReplica(deleteReplica()), denied, "no role may");
        assertRefused(() -> node(1, Caller.coordinator()).append(append()), denied, "only node, gateway may");
    }

    private void nodesActOnlyAsThemselves(ControllerDescription controller, int bystander, ClusterState before) {
        Caller asBystander = Caller.node(bystander);
        assertRefused(() -> metadata(asBystander).electLeaders(election(controller)), Status.Code.PERMISSION_DENIED,
                "node_id: node " + bystander + " may not act as node " + controller.getNodeId());
        assertRefused(() -> metadata(asBystander).claimController(hugeClaim(controller.getNodeId())), Status.Code.PERMISSION_DENIED,
                "may not act as node " + controller.getNodeId());
        assertRefused(() -> metadata(asBystander).electLeaders(election(controller).toBuilder().setNodeId(bystander).build()),
                Status.Code.FAILED_PRECONDITION, "is already held by node " + controller.getNodeId());
        assertRefused(() -> metadata(asBystander).claimController(hugeClaim(bystander)), Status.Code.INVALID_ARGUMENT,
                "cannot be a raft term");
        assertRefused(() -> metadata(asBystander).registerNode(repoint(bystander, UUID.randomUUID().toString())
                        .toBuilder().setClusterId(before.clusterId()).build()),
                Status.Code.FAILED_PRECONDITION, "is registered by another live incarnation");
        assertRefused(() -> metadata(asBystander).registerNode(repoint(bystander, "").toBuilder().setClusterId(before.clusterId()).build()),
                Status.Code.FAILED_PRECONDITION, "is registered by another live incarnation");
    }

    /** What the attacks must not change. */
    private record ClusterState(String clusterId, ControllerDescription controller, Map<Integer, String> addresses,
                                List<PartitionDescription> partitions, Map<String, Long> logEndOffsets) {
    }

    private ClusterState state() {
        MetadataServiceGrpc.MetadataServiceBlockingStub metadata = metadata(Caller.gateway());
        var cluster = metadata.describeCluster(DescribeClusterRequest.getDefaultInstance());
        Map<Integer, String> addresses = cluster.getNodesList().stream()
                .collect(Collectors.toMap(NodeDescription::getNodeId, NodeDescription::getAddress, (a, b) -> a, TreeMap::new));
        List<PartitionDescription> partitions = metadata.describeTopics(io.strata.api.v1.DescribeTopicsRequest.newBuilder()
                .addNames(TOPIC).build()).getTopics(0).getPartitionsList();
        Map<String, Long> ends = new TreeMap<>();
        for (int node = 1; node <= 3; node++) {
            for (ReplicaInfo replica : node(node, Caller.gateway()).listReplicas(ListReplicasRequest.getDefaultInstance())
                    .getReplicasList()) {
                ends.put(replica.getTopic() + "-" + replica.getPartition() + " on node " + node, replica.getLogEndOffset());
            }
        }
        return new ClusterState(cluster.getClusterId(), cluster.getController(), addresses, partitions, ends);
    }

    /** Every partition fully in sync, its three replicas at one end offset: nothing moves on its own any more. */
    private boolean settled() {
        ClusterState state = state();
        Map<String, java.util.Set<Long>> endsByPartition = new TreeMap<>();
        state.logEndOffsets().forEach((replica, end) -> endsByPartition
                .computeIfAbsent(replica.substring(0, replica.indexOf(' ')), p -> new java.util.HashSet<>()).add(end));
        return state.partitions().stream().allMatch(p -> p.getIsrCount() == 3 && p.getLeader() > 0)
                && state.logEndOffsets().size() == 9
                && endsByPartition.values().stream().allMatch(ends -> ends.size() == 1 && ends.iterator().next() > 0);
    }

    private static ClaimControllerRequest hugeClaim(int nodeId) {
        return ClaimControllerRequest.newBuilder().setNodeId(nodeId).setControllerEpoch(Long.MAX_VALUE / 2).build();
    }

    private static RegisterNodeRequest repoint(int nodeId, String incarnation) {
        return RegisterNodeRequest.newBuilder().setNodeId(nodeId).setAddress("203.0.113.7:9101")
                .setIncarnationId(incarnation).build();
    }

    private static ElectLeadersRequest election(ControllerDescription controller) {
        return ElectLeadersRequest.newBuilder().setNodeId(controller.getNodeId())
                .setControllerEpoch(controller.getControllerEpoch())
                .addElections(LeaderElection.newBuilder().setTopic(TOPIC).setPartition(0).setLeader(-1)).build();
    }

    private static DeleteReplicaRequest deleteReplica() {
        return DeleteReplicaRequest.newBuilder().setTopic(TOPIC).setPartition(0).build();
    }

    private static AppendRequest append() {
        return AppendRequest.newBuilder().setTopic(TOPIC).setPartition(0)
                .setRecords(com.google.protobuf.ByteString.copyFrom(new byte[]{1, 2, 3})).build();
    }

    private MetadataServiceGrpc.MetadataServiceBlockingStub metadata(Caller caller) {
        return MetadataServiceGrpc.newBlockingStub(channel("metadata-service", caller)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private PartitionServiceGrpc.PartitionServiceBlockingStub node(int node, Caller caller) {
        return PartitionServiceGrpc.newBlockingStub(channel("partition-node-" + node, caller))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private ManagedChannel channel(String service, Caller caller) {
        return byCaller.computeIfAbsent(service + " as " + caller,
                key -> open(service, CallCredential.of(new ClusterCredential(SECRET, 60_000), caller)));
    }

    private ManagedChannel open(String service, CallCredential credential) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", cluster.port(service)).usePlaintext()
                .intercept(credential).build();
        channels.add(channel);
        return channel;
    }

    private static void assertRefused(Executable call, Status.Code code, String message) {
        assertThatThrownBy(call::execute).isInstanceOf(StatusRuntimeException.class)
                .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(code))
                .hasMessageContaining(message);
    }
}
