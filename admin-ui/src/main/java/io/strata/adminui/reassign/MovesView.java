package io.strata.adminui.reassign;

import io.strata.adminui.gateway.PartitionReport;

import java.util.List;

/**
 * What the live part of the reassignments page shows at one poll: the moves in progress, the
 * partition the person started moving (when the URL names one: still moving, or done and where its
 * replicas are now), and a drain's progress (when the URL names a drained node). Immutable.
 */
public record MovesView(List<ReassignmentRow> rows, Watched watched, DrainProgress drain, String pollHref, long pollMs) {

    /** The partition the page watches: {@code current} null while it moves (or when the topic is gone). */
    public record Watched(String topic, int partition, boolean moving, PartitionReport current) {
    }

    /**
     * A drained node's progress: partitions that still have a replica on it, and of those how many
     * are moving off now. Done once it holds none: the node can then be stopped and removed.
     */
    public record DrainProgress(int node, int replicasHeld, int movesInProgress) {

        public boolean done() {
            return replicasHeld == 0;
        }
    }
}
