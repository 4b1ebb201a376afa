package io.strata.api.metadata;

import io.strata.api.v1.ControllerDescription;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.MetadataSnapshot;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.api.v1.TopicPartitionDescription;
import io.strata.api.v1.WatchMetadataResponse;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds {@link ClusterMetadata} from the {@code WatchMetadata} stream: a snapshot, then changes
 * strictly in version order.
 *
 * <p>Invariants: the version only grows; a change is applied only when it is exactly the next
 * version (an older one is ignored as already applied, a newer one is a gap: the caller
 * resubscribes and gets a snapshot); nothing is routable before the first snapshot.
 *
 * <p>Not thread-safe: confined to the thread that follows the stream. What it hands out
 * ({@link #view()}) is immutable.
 */
public final class MetadataState {

    private final Map<String, TopicDescription> topics = new HashMap<>();
    private final Map<Integer, NodeDescription> nodes = new HashMap<>();
    private ControllerDescription controller = ClusterMetadata.EMPTY.controller();
    private Map<String, String> clusterDefaults = Map.of();
    private long version;
    private boolean initialized;

    /** Outcome of applying one event. */
    public enum Applied { CHANGED, IGNORED, GAP }

    public Applied apply(WatchMetadataResponse event) {
        return switch (event.getEventCase()) {
            case SNAPSHOT -> applySnapshot(event.getSnapshot());
            case CHANGE -> applyChange(event.getChange());
            case EVENT_NOT_SET -> Applied.IGNORED;
        };
    }

    /** The state as an immutable view. */
    public ClusterMetadata view() {
        return new ClusterMetadata(version, initialized, topics, nodes, controller, clusterDefaults);
    }

    public long version() {
        return version;
    }

    private Applied applySnapshot(MetadataSnapshot snapshot) {
        topics.clear();
        snapshot.getTopicsList().forEach(topic -> topics.put(topic.getName(), topic));
        nodes.clear();
        snapshot.getNodesList().forEach(node -> nodes.put(node.getNodeId(), node));
        controller = snapshot.getController();
        clusterDefaults = Map.copyOf(snapshot.getClusterDefaults().getConfigsMap());
        version = snapshot.getVersion();
        initialized = true;
        return Applied.CHANGED;
    }

    private Applied applyChange(MetadataChange change) {
        if (!initialized || change.getVersion() > version + 1) {
            return Applied.GAP;
        }
        if (change.getVersion() <= version) {
            return Applied.IGNORED;
        }
        switch (change.getChangeCase()) {
            case TOPIC -> topics.put(change.getTopic().getName(), change.getTopic());
            case TOPIC_DELETED -> topics.remove(change.getTopicDeleted().getName());
            case PARTITIONS_CHANGED -> change.getPartitionsChanged().getPartitionsList().forEach(this::applyPartition);
            case NODE -> nodes.put(change.getNode().getNodeId(), change.getNode());
            case CONTROLLER -> controller = change.getController();
            case CLUSTER_DEFAULTS -> clusterDefaults = Map.copyOf(change.getClusterDefaults().getConfigsMap());
            case CHANGE_NOT_SET -> {
                // an empty change still moves the version
            }
        }
        version = change.getVersion();
        return Applied.CHANGED;
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
}
