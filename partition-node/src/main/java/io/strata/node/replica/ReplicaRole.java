package io.strata.node.replica;

/**
 * What this node does for a partition at a leader epoch. The owner ({@link Replica}) moves
 * between roles only forward in leader epochs: Offline → Leading or Following, and between those
 * two when the metadata names a new leader.
 */
public sealed interface ReplicaRole {

    /** This node leads the partition: it takes appends and tracks its followers. */
    record Leading(LeaderState state) implements ReplicaRole {
        @Override
        public int leaderEpoch() {
            return state.leaderEpoch();
        }
    }

    /**
     * This node copies the partition from {@code leaderId}.
     *
     * @param truncated whether the divergent tail (if any) was cut after this role began
     */
    record Following(int leaderId, int leaderEpoch, boolean truncated) implements ReplicaRole {
    }

    /** No leader is known (yet, or the partition lost all of its in-sync replicas). */
    record Offline(int leaderEpoch) implements ReplicaRole {
    }

    /** The leader epoch the role belongs to. */
    int leaderEpoch();
}
