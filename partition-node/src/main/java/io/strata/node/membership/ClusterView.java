package io.strata.node.membership;

import io.strata.api.v1.ControllerDescription;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.MetadataSnapshot;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.api.v1.TopicPartitionDescription;
import io.strata.api.v1.WatchMetadataResponse;
import io.strata.node.replica.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The topics and partitions as the metadata service last told this node, built from the
 * {@code WatchMetadata} stream: a snapshot, then changes applied strictly in version order.
 *
 * <p>Invariants: {@code version} only grows; a change is applied only if it is exactly the next
 * version, so the view never skips or repeats one (a gap means: resubscribe for a snapshot); the
 * view answers assignments only once a snapshot has arrived, so that a node never deletes a
 * replica because it has not yet heard of its topic.
 *
 * <p>Not thread-safe: confined to the thread that follows the stream.
 */
public final class ClusterView {

    private final Map<String, TopicDescription> topics = new HashMap<>();
    private final Map<Integer, NodeDescription> nodes = new TreeMap<>();
    private ControllerDescription controller = ControllerDescription.newBuilder().setNodeId(-1).build();
    private long version;
    private boolean initialized;

    /** The last version applied. */
    public long version() {
        return version;
    }

    /** Whether a snapshot has arrived: only then are assignments complete. */
    public boolean initialized() {
        return initialized;
    }

    /**
     * Applies one event of the stream.
     *
     * @return false when a change does not follow the last applied version: the caller must
     *         resubscribe (and will get a snapshot)
     */
    public boolean apply(WatchMetadataResponse event) {
        return switch (event.getEventCase()) {
            case SNAPSHOT -> applySnapshot(event.getSnapshot());
            case CHANGE -> applyChange(event.getChange());
            case EVENT_NOT_SET -> true;
        };
    }

    private boolean applySnapshot(MetadataSnapshot snapshot) {
        topics.clear();
        snapshot.getTopicsList().forEach(topic -> topics.put(topic.getName(), topic));
        nodes.clear();
        snapshot.getNodesList().forEach(node -> nodes.put(node.getNodeId(), node));
        controller = snapshot.getController();
        version = snapshot.getVersion();
        initialized = true;
        return true;
    }

    private boolean applyChange(MetadataChange change) {
        if (!initialized || change.getVersion() != version + 1) {
            return change.getVersion() <= version;
        }
        switch (change.getChangeCase()) {
            case TOPIC -> topics.put(change.getTopic().getName(), change.getTopic());
            case TOPIC_DELETED -> topics.remove(change.getTopicDeleted().getName());
            case PARTITIONS_CHANGED -> change.getPartitionsChanged().getPartitionsList().forEach(this::applyPartition);
            case NODE -> nodes.put(change.getNode().getNodeId(), change.getNode());
            case CONTROLLER -> controller = change.getController();
            case CHANGE_NOT_SET -> {
                // an empty change still moves the version
            }
        }
        version = change.getVersion();
        return true;
    }

    private void applyPartition(TopicPartitionDescription changed) {
        TopicDescription topic = topics.get(changed.getTopic());
        if (topic == null || !topic.getTopicId().equals(changed.getTopicId())) {
            return;
        }
        TopicDescription.Builder updated = topic.toBuilder().clearPartitions();
        for (PartitionDescription partition : topic.getPartitionsList()) {
            boolean replaced = partition.getPartition() == changed.getPartition().getPartition();
            updated.addPartitions(replaced ? changed.getPartition() : partition);
        }
        topics.put(topic.getName(), updated.build());
    }

    /** Every topic, in no particular order. */
    public Collection<TopicDescription> topics() {
        return List.copyOf(topics.values());
    }

    /** Every node ever registered, UP or DOWN, by id. */
    public Map<Integer, NodeDescription> nodes() {
        return Map.copyOf(nodes);
    }

    /** The current controller (node id −1 before any claim). */
    public ControllerDescription controller() {
        return controller;
    }

    /** The replicas the metadata places on {@code nodeId}, with their topic's id and configs. */
    public Map<TopicPartition, Assignment> assignedTo(int nodeId) {
        Map<TopicPartition, Assignment> assigned = new HashMap<>();
        for (TopicDescription topic : topics.values()) {
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
