package io.strata.metadata.node;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.List;

/** A partition node's registration and lease. A node once registered stays (DOWN when its lease ran out). */
@Entity
@Table(name = "nodes")
public class Node extends PanacheEntityBase {

    /** UP while the lease is current. */
    public enum State { UP, DOWN }

    @Id
    @Column(name = "node_id")
    public int nodeId;

    public String address;

    /** Empty when not set. */
    public String rack;

    /** host:port of the node's Kafka listener; empty when it has none. */
    @Column(name = "kafka_address")
    public String kafkaAddress;

    @Enumerated(EnumType.STRING)
    public State state;

    /** The metadata version of the node's latest registration. */
    @Column(name = "node_epoch")
    public long nodeEpoch;

    @Column(name = "last_heartbeat_ms")
    public long lastHeartbeatMs;

    /** The incarnation (data directory) that holds this node id; empty when registered without one. */
    @Column(name = "incarnation_id")
    public String incarnationId;

    /** Whether the node is UP and its last heartbeat lies within {@code leaseMs} of {@code nowMs}. */
    public boolean live(long nowMs, long leaseMs) {
        return state == State.UP && nowMs - lastHeartbeatMs <= leaseMs;
    }

    public static Uni<List<Node>> all() {
        return list("order by nodeId");
    }

    public static Uni<List<Node>> live() {
        return list("state = ?1 order by nodeId", State.UP);
    }

    /** UP nodes whose last heartbeat is older than {@code deadlineMs}. */
    public static Uni<List<Node>> expired(long deadlineMs) {
        return list("state = ?1 and lastHeartbeatMs < ?2 order by nodeId", State.UP, deadlineMs);
    }

    public NodeDescription describe() {
        return NodeDescription.newBuilder()
                .setNodeId(nodeId)
                .setAddress(address)
                .setRack(rack)
                .setKafkaAddress(kafkaAddress == null ? "" : kafkaAddress)
                .setState(state == State.UP ? NodeState.NODE_STATE_UP : NodeState.NODE_STATE_DOWN)
                .setNodeEpoch(nodeEpoch)
                .setLastHeartbeatMs(lastHeartbeatMs)
                .build();
    }
}
