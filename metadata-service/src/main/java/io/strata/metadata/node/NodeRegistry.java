package io.strata.metadata.node;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.DescribeClusterResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.HeartbeatRequest;
import io.strata.api.v1.HeartbeatResponse;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.RegisterNodeRequest;
import io.strata.api.v1.RegisterNodeResponse;
import io.strata.metadata.config.MetadataConfig;
import io.strata.metadata.controller.ControllerService;
import io.strata.metadata.database.ClusterState;
import io.strata.metadata.database.ConsistentRead;
import io.strata.metadata.database.MetadataLog;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;

/**
 * Node registrations and their leases. A node is UP from its registration until
 * {@code strata.metadata.lease} passes without a heartbeat; then {@link #expireLeases()} marks it
 * DOWN (a change watchers see). A heartbeat on a DOWN node with its current epoch brings it UP again.
 * A node id belongs to one incarnation of the node while its lease is current ({@link NodeIdClaim}).
 */
@ApplicationScoped
public class NodeRegistry {

    private static final Logger LOG = Logger.getLogger(NodeRegistry.class);
    /** Heartbeat this many times per lease, so one or two lost heartbeats do not expire it. */
    private static final int HEARTBEATS_PER_LEASE = 4;
    private static final int MAX_ADDRESS_LENGTH = 255;
    /** The width of the incarnation_id column. */
    private static final int MAX_INCARNATION_LENGTH = 64;

    private final MetadataLog log;
    private final ConsistentRead reads;
    private final MetadataConfig config;
    private final Clock clock;
    /** Leases expire only a full lease after this instance started: nodes could not heartbeat while it was down. */
    private final long startedMs;

    public NodeRegistry(MetadataLog log, ConsistentRead reads, MetadataConfig config, Clock clock) {
        this.log = log;
        this.reads = reads;
        this.config = config;
        this.clock = clock;
        this.startedMs = clock.millis();
    }

    @WithTransaction
    public Uni<RegisterNodeResponse> register(RegisterNodeRequest request) {
        checkRegistration(request);
        return log.lock().chain(state -> Node.<Node>findById(request.getNodeId()).chain(existing -> {
            checkClusterId(request, state);
            NodeIdClaim.of(existing, clock.millis(), config.lease().toMillis())
                    .check(request.getNodeId(), request.getIncarnationId(), config.lease().toMillis());
            Node node = existing == null ? new Node() : existing;
            node.nodeId = request.getNodeId();
            node.address = request.getAddress();
            node.rack = request.getRack();
            node.kafkaAddress = request.getKafkaAddress();
            node.incarnationId = request.getIncarnationId();
            node.state = Node.State.UP;
            node.nodeEpoch = state.metadataVersion + 1; // the version this registration is stamped with
            node.lastHeartbeatMs = clock.millis();
            Uni<Node> stored = existing == null ? node.persist() : Uni.createFrom().item(node);
            return stored.chain(() -> log.append(state, MetadataChange.newBuilder().setNode(node.describe())))
                    .map(change -> RegisterNodeResponse.newBuilder()
                            .setNodeEpoch(node.nodeEpoch)
                            .setLeaseMs(config.lease().toMillis())
                            .setHeartbeatIntervalMs(Math.max(1, config.lease().toMillis() / HEARTBEATS_PER_LEASE))
                            .setMetadataVersion(change.getVersion())
                            .setClusterId(state.clusterId)
                            .build());
        }));
    }

    /** Nodes, controller and version, from one snapshot. */
    public Uni<DescribeClusterResponse> describeCluster() {
        return reads.run(state -> Node.all().map(nodes -> DescribeClusterResponse.newBuilder()
                .addAllNodes(nodes.stream().map(Node::describe).toList())
                .setController(ControllerService.describe(state))
                .setMetadataVersion(state.metadataVersion)
                .setClusterId(state.clusterId)
                .build()));
    }

    /** Renews the lease; the common case (an UP node) takes no metadata lock and no version. */
    @WithTransaction
    public Uni<HeartbeatResponse> heartbeat(HeartbeatRequest request) {
        long now = clock.millis();
        return Node.update("lastHeartbeatMs = ?1 where nodeId = ?2 and nodeEpoch = ?3 and state = ?4",
                        now, request.getNodeId(), request.getNodeEpoch(), Node.State.UP)
                .chain(updated -> updated == 1 ? log.read() : revive(request, now))
                .map(state -> HeartbeatResponse.newBuilder()
                        .setLeaseMs(config.lease().toMillis())
                        .setMetadataVersion(state.metadataVersion)
                        .build());
    }

    private Uni<ClusterState> revive(HeartbeatRequest request, long now) {
        return log.lock().chain(state -> Node.<Node>findById(request.getNodeId()).chain(node -> {
            if (node == null) {
                throw new StrataException(ErrorCode.STALE_NODE_EPOCH,
                        "node_id: node " + request.getNodeId() + " is not registered; register it first");
            }
            if (node.nodeEpoch != request.getNodeEpoch()) {
                throw new StrataException(ErrorCode.STALE_NODE_EPOCH, "node_epoch: " + request.getNodeEpoch()
                        + " is not node " + node.nodeId + "'s current epoch " + node.nodeEpoch + "; register again");
            }
            node.lastHeartbeatMs = now;
            if (node.state == Node.State.UP) {
                return Uni.createFrom().item(state); // revived by a racing heartbeat
            }
            node.state = Node.State.UP;
            LOG.infof("node %d is UP again (heartbeat after its lease ran out)", node.nodeId);
            return log.append(state, MetadataChange.newBuilder().setNode(node.describe())).replaceWith(state);
        }));
    }

    /**
     * Marks DOWN every UP node whose lease ran out, each in its own version. Looks without the
     * lock first, so an idle check (the common case) does not serialize with metadata writes.
     */
    @WithTransaction
    public Uni<Integer> expireLeases() {
        long deadline = clock.millis() - config.lease().toMillis();
        if (deadline < startedMs) {
            return Uni.createFrom().item(0);
        }
        return Node.expired(deadline).chain(candidates -> candidates.isEmpty()
                ? Uni.createFrom().item(0)
                : log.lock().chain(state -> Node.expired(deadline).chain(expired -> markDown(state, expired))));
    }

    private Uni<Integer> markDown(ClusterState state, List<Node> expired) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Node node : expired) {
            chain = chain.chain(() -> {
                node.state = Node.State.DOWN;
                LOG.infof("node %d is DOWN: no heartbeat for %s", node.nodeId, config.lease());
                return log.append(state, MetadataChange.newBuilder().setNode(node.describe())).replaceWithVoid();
            });
        }
        return chain.replaceWith(expired.size());
    }

    /**
     * A node whose data directory belongs to another cluster must not join this one: it would be
     * placed replicas here and its own cluster's data would be treated as strays. Kafka refuses
     * such a broker with InconsistentClusterIdException.
     */
    private static void checkClusterId(RegisterNodeRequest request, ClusterState state) {
        if (!request.getClusterId().isEmpty() && !request.getClusterId().equals(state.clusterId)) {
            LOG.warnf("refused node %d: its data directory belongs to cluster %s, this is cluster %s",
                    request.getNodeId(), request.getClusterId(), state.clusterId);
            throw new StrataException(ErrorCode.INCONSISTENT_CLUSTER_ID, "cluster_id: node " + request.getNodeId()
                    + "'s data directory belongs to cluster " + request.getClusterId() + ", but this metadata service"
                    + " serves cluster " + state.clusterId);
        }
    }

    private static void checkRegistration(RegisterNodeRequest request) {
        if (request.getNodeId() < 0) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "node_id: " + request.getNodeId() + " is negative");
        }
        if (request.getAddress().isBlank() || request.getAddress().length() > MAX_ADDRESS_LENGTH) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "address: '" + request.getAddress()
                    + "' must be host:port of 1 to " + MAX_ADDRESS_LENGTH + " characters");
        }
        if (request.getKafkaAddress().length() > MAX_ADDRESS_LENGTH) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "kafka_address: '" + request.getKafkaAddress()
                    + "' is longer than " + MAX_ADDRESS_LENGTH + " characters");
        }
        if (request.getIncarnationId().length() > MAX_INCARNATION_LENGTH) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "incarnation_id: longer than " + MAX_INCARNATION_LENGTH
                    + " characters");
        }
        if (request.getRack().length() > MAX_ADDRESS_LENGTH) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "rack: longer than " + MAX_ADDRESS_LENGTH + " characters");
        }
    }
}
