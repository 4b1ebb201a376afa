package io.strata.node.membership;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.metadata.MetadataState;
import io.strata.api.v1.ControllerDescription;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.api.v1.WatchMetadataResponse;
import io.strata.node.replica.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata as this node last heard it, built from the {@code WatchMetadata} stream by the
 * shared {@link MetadataState} (a snapshot, then changes strictly in version order), plus what a
 * partition node asks of it: which replicas are placed here.
 *
 * <p>Invariant: assignments are answered only once a snapshot has arrived, so that a node never
 * deletes a replica because it has not yet heard of its topic.
 *
 * <p>Not thread-safe: confined to the thread that follows the stream.
 */
public final class ClusterView {

    private final MetadataState state = new MetadataState();
    private ClusterMetadata current = ClusterMetadata.EMPTY;

    /** The last version applied. */
    public long version() {
        return state.version();
    }

    /** Whether a snapshot has arrived: only then are assignments complete. */
    public boolean initialized() {
        return current.initialized();
    }

    /**
     * Applies one event of the stream.
     *
     * @return false when a change does not follow the last applied version: the caller must
     *         resubscribe (and will get a snapshot)
     */
    public boolean apply(WatchMetadataResponse event) {
        MetadataState.Applied applied = state.apply(event);
        if (applied == MetadataState.Applied.CHANGED) {
            current = state.view();
        }
        return applied != MetadataState.Applied.GAP;
    }

    /** The whole view as an immutable snapshot, safe to hand to other threads. */
    public ClusterMetadata snapshot() {
        return current;
    }

    /** Every topic, in no particular order. */
    public Collection<TopicDescription> topics() {
        return current.topics().values();
    }

    /** Every node ever registered, UP or DOWN, by id. */
    public Map<Integer, NodeDescription> nodes() {
        return current.nodes();
    }

    /** The current controller (node id −1 before any claim). */
    public ControllerDescription controller() {
        return current.controller();
    }

    /** The cluster-wide defaults of topic configs (a topic's own configs override them). */
    public Map<String, String> clusterDefaults() {
        return current.clusterDefaults();
    }

    /** The replicas the metadata places on {@code nodeId}, with their topic's id and configs. */
    public Map<TopicPartition, Assignment> assignedTo(int nodeId) {
        Map<TopicPartition, Assignment> assigned = new HashMap<>();
        for (TopicDescription topic : topics()) {
            for (PartitionDescription partition : topic.getPartitionsList()) {
                if (partition.getReplicasList().contains(nodeId)) {
                    assigned.put(new TopicPartition(topic.getName(), partition.getPartition()),
                            new Assignment(topic.getTopicId(), topic.getConfigsMap(), partition.getReplicasList()));
                }
            }
        }
        return assigned;
    }

    /** A replica this node should hold: which incarnation of the topic, with which configs. */
    public record Assignment(String topicId, Map<String, String> configs, List<Integer> replicas) {
        public Assignment {
            configs = Map.copyOf(configs);
            replicas = List.copyOf(replicas);
        }
    }
}
