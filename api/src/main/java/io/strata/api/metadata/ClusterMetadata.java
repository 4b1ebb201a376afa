package io.strata.api.metadata;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ControllerDescription;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;

import java.util.Map;

/**
 * One immutable, consistent view of the cluster at a metadata version: what the gateway routes by.
 * Shared freely between threads; a newer view replaces it as a whole.
 *
 * @param clusterDefaults the cluster-wide defaults of topic configs (topic config name → value)
 *                        in force at this version; a topic's own configs override them
 */
public record ClusterMetadata(long version, boolean initialized, Map<String, TopicDescription> topics,
                              Map<Integer, NodeDescription> nodes, ControllerDescription controller,
                              Map<String, String> clusterDefaults) {

    public static final ClusterMetadata EMPTY = new ClusterMetadata(0, false, Map.of(), Map.of(),
            ControllerDescription.newBuilder().setNodeId(-1).build());

    public ClusterMetadata {
        topics = Map.copyOf(topics);
        nodes = Map.copyOf(nodes);
        clusterDefaults = Map.copyOf(clusterDefaults);
    }

    /** A view without cluster defaults. */
    public ClusterMetadata(long version, boolean initialized, Map<String, TopicDescription> topics,
                           Map<Integer, NodeDescription> nodes, ControllerDescription controller) {
        this(version, initialized, topics, nodes, controller, Map.of());
    }

    /** The topic, or UNKNOWN_TOPIC_OR_PARTITION naming it (LEADER_NOT_AVAILABLE before the first snapshot). */
    public TopicDescription topic(String name) {
        if (!initialized) {
            throw new StrataException(ErrorCode.LEADER_NOT_AVAILABLE,
                    "the gateway has not yet received the cluster metadata from the metadata service");
        }
        TopicDescription topic = topics.get(name);
        if (topic == null) {
            throw new StrataException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + name + "' does not exist");
        }
        return topic;
    }

    /** The partition, or UNKNOWN_TOPIC_OR_PARTITION naming the topic or the partition and the range. */
    public PartitionDescription partition(String topicName, int partition) {
        TopicDescription topic = topic(topicName);
        if (partition < 0 || partition >= topic.getPartitionsCount()) {
            throw new StrataException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition " + partition + " of topic '"
                    + topicName + "' does not exist: the topic has partitions 0 to " + (topic.getPartitionsCount() - 1));
        }
        return topic.getPartitions(partition);
    }

    /**
     * Where the partition's leader serves PartitionService (host:port). Throws
     * UNKNOWN_TOPIC_OR_PARTITION (not retriable), LEADER_NOT_AVAILABLE when the partition has no
     * leader, NODE_NOT_AVAILABLE when the leader is unknown or DOWN (both retriable).
     */
    public Leader leader(String topicName, int partition) {
        PartitionDescription description = partition(topicName, partition);
        if (description.getLeader() < 0) {
            throw new StrataException(ErrorCode.LEADER_NOT_AVAILABLE, topicName + "-" + partition + " has no leader");
        }
        NodeDescription node = nodes.get(description.getLeader());
        if (node == null || node.getState() != NodeState.NODE_STATE_UP || node.getAddress().isEmpty()) {
            throw new StrataException(ErrorCode.NODE_NOT_AVAILABLE, "the leader of " + topicName + "-" + partition
                    + ", node " + description.getLeader() + ", is " + (node == null ? "unknown" : node.getState()));
        }
        return new Leader(description.getLeader(), node.getAddress(), description.getLeaderEpoch());
    }

    /** A partition leader: node id, its PartitionService address and the leader epoch. */
    public record Leader(int nodeId, String address, int leaderEpoch) {
    }
}
