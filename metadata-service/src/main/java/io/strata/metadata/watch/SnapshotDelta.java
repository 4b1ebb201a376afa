package io.strata.metadata.watch;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.metadata.MetadataState;
import io.strata.api.v1.ClusterDefaults;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.MetadataSnapshot;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.api.v1.WatchMetadataResponse;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Moves a full snapshot forward by changes from the change log, with the same rules a watcher
 * applies them by ({@link MetadataState}): the result at version v equals a consistent read at v,
 * topics ordered by name and nodes by id, as {@code MetadataWatch} always sent them.
 *
 * <p>Pure and stateless; CPU work in proportion to the topics held (copy and sort), so callers run
 * it off the Vert.x event loops.
 */
final class SnapshotDelta {

    private SnapshotDelta() {
    }

    /**
     * The snapshot after {@code changes} (in version order), or empty when they do not continue it
     * (the first is not {@code from}'s version + 1: the change log was pruned past it).
     */
    static Optional<MetadataSnapshot> apply(MetadataSnapshot from, List<MetadataChange> changes) {
        if (changes.isEmpty()) {
            return Optional.of(from);
        }
        MetadataState state = new MetadataState();
        state.apply(WatchMetadataResponse.newBuilder().setSnapshot(from).build());
        for (MetadataChange change : changes) {
            if (state.apply(WatchMetadataResponse.newBuilder().setChange(change).build()) != MetadataState.Applied.CHANGED) {
                return Optional.empty();
            }
        }
        ClusterMetadata view = state.view();
        return Optional.of(MetadataSnapshot.newBuilder()
                .setVersion(view.version())
                .setClusterId(from.getClusterId())
                .addAllNodes(view.nodes().values().stream().sorted(Comparator.comparingInt(NodeDescription::getNodeId)).toList())
                .addAllTopics(view.topics().values().stream().sorted(Comparator.comparing(TopicDescription::getName)).toList())
                .setController(view.controller())
                .setClusterDefaults(ClusterDefaults.newBuilder().putAllConfigs(view.clusterDefaults()))
                .build());
    }
}
